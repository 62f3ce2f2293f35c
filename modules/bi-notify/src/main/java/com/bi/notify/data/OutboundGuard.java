package com.bi.notify.data;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.bi.common.net.PublicAddresses;
import com.bi.notify.domain.ChannelKind;
import com.bi.notify.domain.ChannelSender;
import com.bi.notify.domain.OutboundCheck;

/**
 * The SSRF guard of bi-notify, on the kit's rules ({@link PublicAddresses}, the same the Jushuitan connector applies):
 * a channel URL is an absolute http(s) URL of an allowed scheme ({@code bi.notify.outbound.schemes}, https only by
 * default) without user info or fragment; a robot's host must be its vendor's ({@code bi.notify.<robot>.hosts}); and
 * every address the host (or an SMTP host) resolves to must be public unless it lies in
 * {@code bi.notify.outbound.trusted.networks} (test doubles and development only; refused in prod). Checked when a
 * channel is saved and again before every send (DNS may change); redirects are never followed.
 */
public final class OutboundGuard implements OutboundCheck {
    private static final String CANONICAL_V4 = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}";
    private final Set<String> schemes;
    private final Map<ChannelKind, Set<String>> robotHosts;
    private final List<PublicAddresses.Cidr> trusted;

    public OutboundGuard(Set<String> schemes, Map<ChannelKind, Set<String>> robotHosts, List<PublicAddresses.Cidr> trusted) {
        this.schemes = Set.copyOf(schemes);
        this.robotHosts = Map.copyOf(robotHosts);
        this.trusted = List.copyOf(trusted);
    }

    @Override
    public void checkUrl(ChannelKind kind, String url) {
        URI uri = parse(kind, url);
        try {
            checkAddresses(uri.getHost());
        } catch (UnknownHostException unresolvable) {
            // allowed by name; the check before each send decides once it resolves
        }
    }

    @Override
    public void checkSmtpHost(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (!h.matches("[a-z0-9.-]{1,253}")) {
            throw new IllegalArgumentException("smtp_host is a host name or an IPv4 address");
        }
        checkNumeric(h);
        try {
            checkAddresses(h);
        } catch (UnknownHostException unresolvable) {
            // checked again before each send
        }
    }

    @Override
    public String shownPart(String url) {
        URI uri = URI.create(url.trim());
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    /** Before a send: the URL rules again and every resolved address; a Failure (permanent when refused). */
    public URI forSend(ChannelKind kind, String url) throws ChannelSender.Failure {
        URI uri;
        try {
            uri = parse(kind, url);
            checkAddresses(uri.getHost());
        } catch (IllegalArgumentException refused) {
            throw new ChannelSender.Failure("refused by the outbound address rules: " + refused.getMessage(), true);
        } catch (UnknownHostException e) {
            throw new ChannelSender.Failure("cannot resolve the channel's host", false);
        }
        return uri;
    }

    /** Before connecting to an SMTP host. */
    public void smtpForSend(String host) throws ChannelSender.Failure {
        try {
            checkNumeric(host.toLowerCase(Locale.ROOT));
            checkAddresses(host);
        } catch (IllegalArgumentException refused) {
            throw new ChannelSender.Failure("refused by the outbound address rules: " + refused.getMessage(), true);
        } catch (UnknownHostException e) {
            throw new ChannelSender.Failure("cannot resolve the SMTP host", false);
        }
    }

    private URI parse(ChannelKind kind, String url) {
        if (url == null || url.length() > 2048 || !url.trim().matches("\\p{Graph}+")) {
            throw new IllegalArgumentException("url must be an absolute URL without spaces (at most 2048 characters)");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme)) {
            throw new IllegalArgumentException("url must use " + String.join(" or ", schemes.stream().sorted().toList()));
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("url must not carry user info or a fragment");
        }
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("url has no valid host");
        }
        checkNumeric(host);
        Set<String> allowed = robotHosts.get(kind);
        if (allowed != null && !allowed.contains(host.endsWith(".") ? host.substring(0, host.length() - 1) : host)) {
            throw new IllegalArgumentException("a " + kind + " url must be on " + String.join(" or ", allowed.stream().sorted().toList()));
        }
        return uri;
    }

    private static void checkNumeric(String host) {
        // 2130706433, 0177.0.0.1, 0x7f.1: resolvers disagree on what these mean; only canonical dotted quads pass
        if (host.matches("(0x[0-9a-f]*|\\d+)(\\.(0x[0-9a-f]*|\\d+))*\\.?") && !host.matches(CANONICAL_V4)) {
            throw new IllegalArgumentException("host " + host + " is an ambiguous numeric address");
        }
    }

    private void checkAddresses(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (SecurityException | IllegalArgumentException e) {
            throw new UnknownHostException("unresolvable");
        }
        for (InetAddress address : addresses) {
            if (!PublicAddresses.allowed(address, trusted)) {
                // the address itself is not shown: it would make the guard a DNS oracle for internal names
                throw new IllegalArgumentException("the host resolves to a private, loopback, link-local or metadata address");
            }
        }
    }
}
