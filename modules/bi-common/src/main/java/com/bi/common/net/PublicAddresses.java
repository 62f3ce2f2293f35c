package com.bi.common.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SSRF rules every outbound call to an address a tenant chose goes through (the Jushuitan connector's base URL,
 * bi-notify's webhooks and mail servers): every address the host resolves to must be public — not loopback, private,
 * link-local (cloud metadata 169.254.169.254), shared/CGNAT (Alibaba Cloud metadata 100.100.100.200), unique-local,
 * multicast, reserved or documentation space, also when embedded in IPv6 (mapped, compatible, NAT64, 6to4) — unless
 * it lies in a trusted network (configured per service, for test doubles only; none by default).
 */
public final class PublicAddresses {
    private PublicAddresses() {
    }

    /** True when {@code address} is public or inside one of the {@code trusted} networks. */
    public static boolean allowed(InetAddress address, List<Cidr> trusted) {
        return isPublic(address) || trusted.stream().anyMatch(n -> n.contains(address));
    }

    /** Parses comma-separated CIDRs ({@code 127.0.0.1/32}, {@code ::1/128}); IllegalArgumentException when one is bad. */
    public static List<Cidr> networks(String text) {
        List<Cidr> list = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                list.add(Cidr.parse(part.trim()));
            }
        }
        return list;
    }

    /** True for a globally routable unicast address. */
    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicV4(b);
        }
        if (address instanceof Inet6Address v6) {
            if (v6.isIPv4CompatibleAddress()) {
                return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
            }
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if ((first & 0xfe) == 0xfc) { // fc00::/7 unique local (fd00:ec2::254 is AWS metadata)
                return false;
            }
            if (first == 0x20 && second == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8) { // 2001:db8::/32 documentation
                return false;
            }
            if (first == 0x20 && second == 0x01 && b[2] == 0 && b[3] == 0) { // 2001::/32 Teredo (tunnels to anywhere)
                return false;
            }
            if (first == 0x20 && second == 0x02) { // 2002::/16 6to4: the IPv4 address sits in bytes 2..5
                return isPublicV4(new byte[] {b[2], b[3], b[4], b[5]});
            }
            if (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) { // 64:ff9b::/96 NAT64
                return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
            }
            boolean mapped = true; // ::ffff:a.b.c.d (the JDK usually hands these over as IPv4 already)
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
            }
            return first != 0; // ::/8 (unspecified, loopback, compatible) is not routable
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        return !(a0 == 0                                  // 0.0.0.0/8 "this network"
                || a0 == 10                               // 10/8 private
                || a0 == 100 && (a1 & 0xc0) == 64         // 100.64/10 shared (CGNAT; Alibaba Cloud metadata 100.100.100.200)
                || a0 == 127                              // loopback
                || a0 == 169 && a1 == 254                 // link-local (cloud metadata 169.254.169.254)
                || a0 == 172 && (a1 & 0xf0) == 16         // 172.16/12 private
                || a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2) // 192.0.0/24 protocol assignments, 192.0.2/24 documentation
                || a0 == 192 && a1 == 88 && a2 == 99      // 6to4 relay anycast
                || a0 == 192 && a1 == 168                 // 192.168/16 private
                || a0 == 198 && (a1 & 0xfe) == 18         // 198.18/15 benchmarking
                || a0 == 198 && a1 == 51 && a2 == 100     // documentation
                || a0 == 203 && a1 == 0 && a2 == 113      // documentation
                || a0 >= 224);                            // multicast, reserved, broadcast
    }

    /** An address block: a base address and a prefix length. */
    public record Cidr(byte[] base, int prefix) {
        public static Cidr parse(String text) {
            int slash = text.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("a trusted network is address/prefix; got '" + text + "'");
            }
            String address = text.substring(0, slash);
            if (!address.matches("[0-9.]+|[0-9a-fA-F:.]+")) { // literals only: never a DNS lookup for config
                throw new IllegalArgumentException("a trusted network needs a literal address; got '" + text + "'");
            }
            byte[] base;
            int prefix;
            try {
                base = InetAddress.getByName(address).getAddress();
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not a network: '" + text + "'");
            }
            if (prefix < 0 || prefix > base.length * 8) {
                throw new IllegalArgumentException("prefix out of range in '" + text + "'");
            }
            return new Cidr(base, prefix);
        }

        public boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != base.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((a[bit / 8] & mask) != (base[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
