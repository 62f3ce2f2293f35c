package com.bi.jushuitan.data;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

import com.bi.common.net.PublicAddresses;
import com.bi.common.net.PublicAddresses.Cidr;
import com.bi.jushuitan.domain.JushuitanApi;
import com.bi.jushuitan.domain.UpstreamPolicy;

/**
 * The SSRF guard: a base URL must pass the {@link UpstreamPolicy} (allowed schemes and hosts), and every address
 * its host resolves to must be public — not loopback, private, link-local (cloud metadata 169.254.169.254),
 * shared/CGNAT (Alibaba Cloud metadata 100.100.100.200), unique-local, multicast, reserved or documentation
 * space, also when embedded in IPv6 (mapped, compatible, NAT64, 6to4) — unless it lies in a trusted network
 * ({@code bi.jushuitan.upstream.trusted.networks}, for test doubles only; none by default). The check runs when
 * credentials are saved and again before every call (DNS may change). The JDK client resolves once more when it
 * connects; that small window matters only for a host an operator allow-listed, never for a tenant's choice.
 */
public final class UpstreamGuard {
    private final UpstreamPolicy policy;
    private final List<Cidr> trusted;

    public UpstreamGuard(UpstreamPolicy policy, List<Cidr> trusted) {
        this.policy = policy;
        this.trusted = List.copyOf(trusted);
    }

    /** Parses comma-separated CIDRs ({@code 127.0.0.1/32}, {@code ::1/128}); IllegalArgumentException when one is bad. */
    public static List<Cidr> networks(String text) {
        return PublicAddresses.networks(text);
    }

    /**
     * Validates a tenant's base URL when credentials are saved: the policy, and the resolved addresses when the host
     * resolves now (an allowed host that does not resolve yet is checked again before every call).
     * IllegalArgumentException carries a message for the tenant.
     */
    public URI checkBaseUrl(String baseUrl) {
        URI uri = policy.check(baseUrl);
        try {
            checkAddresses(uri.getHost());
        } catch (JushuitanApi.Transient unresolvable) {
            // allowed by name; the call-time check decides once it resolves
        } catch (JushuitanApi.Refused refused) {
            throw new IllegalArgumentException(refused.getMessage());
        }
        return uri;
    }

    /** Before a call: the policy again (config may have changed) and every resolved address. */
    public URI checkCall(String baseUrl) {
        URI uri;
        try {
            uri = policy.check(baseUrl);
        } catch (IllegalArgumentException e) {
            throw new JushuitanApi.Refused("the stored base_url is no longer an allowed Jushuitan host");
        }
        checkAddresses(uri.getHost());
        return uri;
    }

    void checkAddresses(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException | SecurityException | IllegalArgumentException e) {
            throw new JushuitanApi.Transient("cannot resolve the Jushuitan host", null);
        }
        for (InetAddress address : addresses) {
            if (!PublicAddresses.allowed(address, trusted)) {
                // the address itself is not shown: it would make the guard a DNS oracle for internal names
                throw new JushuitanApi.Refused("base_url resolves to a private, loopback, link-local or metadata address");
            }
        }
    }

    /** True for a globally routable unicast address (the kit's SSRF rules, {@link PublicAddresses}). */
    public static boolean isPublic(InetAddress address) {
        return PublicAddresses.isPublic(address);
    }
}
