package com.bi.common.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.ServerOptions;
import com.bi.common.config.Settings;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * The client's IP address for audit logs and limits. {@code X-Forwarded-For} is written by whoever sends the request,
 * so it is believed only as far as trusted proxies vouch for it: when the socket peer is in
 * {@code bi.http.trusted.proxies} (comma-separated CIDRs or addresses; default none), the hops are read right to
 * left, skipping trusted proxies, and the first untrusted hop is the client; otherwise the socket peer is the client
 * and the header is ignored. Hops are parsed as IP literals only (never resolved through DNS).
 */
public final class ClientAddress {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final TrustedProxies NONE = new TrustedProxies(List.of());

    private ClientAddress() {
    }

    /** The client IP of {@code req} under the kit's {@code bi.http.trusted.proxies} (none outside a kit's server). */
    public static String of(ServerRequest req) {
        TrustedProxies trusted = req.context().get(TrustedProxies.class, TrustedProxies.class).orElse(NONE);
        List<String> forwarded = new ArrayList<>();
        req.headers().all(HeaderNames.X_FORWARDED_FOR, List::of).forEach(value -> {
            for (String hop : value.split(",")) {
                forwarded.add(hop.trim());
            }
        });
        return resolve(peer(req.remotePeer().address()), forwarded, trusted);
    }

    /** The rule itself: {@code peer} is the socket peer, {@code forwarded} the X-Forwarded-For hops left to right. */
    static String resolve(InetAddress peer, List<String> forwarded, TrustedProxies trusted) {
        if (peer == null) {
            return "unknown";
        }
        InetAddress client = peer;
        for (int i = forwarded.size() - 1; i >= 0 && trusted.contains(client); i--) {
            InetAddress hop = literal(forwarded.get(i));
            if (hop == null) {
                break; // not an address: nothing left of it can be believed; the last trusted hop is the best we know
            }
            client = hop;
        }
        return client.getHostAddress();
    }

    private static InetAddress peer(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    /** An IP literal ({@code 1.2.3.4}, {@code 1.2.3.4:5678}, {@code 2001:db8::1}, {@code [2001:db8::1]:443}), else null. */
    static InetAddress literal(String text) {
        String value = text.trim();
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            value = end > 0 ? value.substring(1, end) : value;
        } else if (value.indexOf(':') > 0 && value.indexOf(':') == value.lastIndexOf(':') && value.contains(".")) {
            value = value.substring(0, value.indexOf(':')); // IPv4 with a port
        }
        // dotted IPv4 or anything with ':' (parsed as IPv6): InetAddress then never asks DNS
        if (!IPV4.matcher(value).matches() && !(value.indexOf(':') >= 0 && IPV6_CHARS.matcher(value).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(value); // a literal: no DNS lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The proxies whose {@code X-Forwarded-For} hops are believed. */
    public record TrustedProxies(List<Cidr> ranges) {
        public TrustedProxies {
            ranges = List.copyOf(ranges);
        }

        /** {@code bi.http.trusted.proxies}: comma-separated CIDRs ({@code 10.0.0.0/8}) or single addresses. */
        public static TrustedProxies fromSettings(Settings settings) {
            String key = ServerOptions.TRUSTED_PROXIES.key();
            List<Cidr> ranges = new ArrayList<>();
            for (String item : settings.get(ServerOptions.TRUSTED_PROXIES).split(",")) {
                if (!item.isBlank()) {
                    ranges.add(Cidr.parse(key, item.trim()));
                }
            }
            return new TrustedProxies(ranges);
        }

        public boolean contains(InetAddress address) {
            for (Cidr range : ranges) {
                if (range.contains(address)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** An address range: the network's bytes and the prefix length. */
    public record Cidr(byte[] network, int prefix) {
        static Cidr parse(String key, String text) {
            int slash = text.indexOf('/');
            InetAddress address = literal(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new InvalidConfigException(key, "must be comma-separated IP addresses or CIDRs such as 10.0.0.0/8; got '" + text + "'");
            }
            int bits = address.getAddress().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new InvalidConfigException(key, "the prefix of '" + text + "' must be between 0 and " + bits);
                }
            }
            return new Cidr(address.getAddress(), prefix);
        }

        public boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false; // IPv4 vs IPv6
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (bytes[full] & mask) == (network[full] & mask);
        }
    }
}
