package com.bi.common.parse;

import java.util.regex.Pattern;

/**
 * The one parser for a {@code host:port} address (a peer's {@code bi.peers.<name>.address}, a server to call): a DNS
 * name or IPv4 address, or an IPv6 address in brackets ({@code [::1]:9001}), then a port 1 to 65535 in ASCII digits.
 * Refused with the reason: no port, an empty host, an unbracketed IPv6 address (which colon is the port's?), a signed
 * or zero-padded port, white space and control characters anywhere.
 */
public record HostPort(String host, int port) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]{0,252})");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]{2,45}(%[A-Za-z0-9_.-]{1,32})?]");

    /**
     * @throws IllegalArgumentException saying what is wrong with {@code address} (it is shown, at most 40 characters)
     */
    public static HostPort parse(String address) {
        if (address == null || address.isEmpty()) {
            throw new IllegalArgumentException("must be host:port; got nothing");
        }
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw refused(address, "no ':port'");
        }
        String host = address.substring(0, colon);
        String port = address.substring(colon + 1);
        if (host.isEmpty()) {
            throw refused(address, "no host before ':'");
        }
        if (host.startsWith("[") ? !IPV6.matcher(host).matches() : !NAME.matcher(host).matches()) {
            throw refused(address, host.indexOf(':') >= 0 && !host.startsWith("[")
                    ? "an IPv6 host goes in brackets, as [::1]:9001" : "the host is not a DNS name or IP address");
        }
        long number = Ids.parse(port).orElse(0);
        if (number < 1 || number > 65_535) {
            throw refused(address, "the port must be 1 to 65535");
        }
        return new HostPort(host, (int) number);
    }

    private static IllegalArgumentException refused(String address, String reason) {
        return new IllegalArgumentException("must be host:port (" + reason + "); got " + Shown.quote(address));
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
