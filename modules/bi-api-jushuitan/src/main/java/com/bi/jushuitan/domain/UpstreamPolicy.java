package com.bi.jushuitan.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which base URLs a tenant may give (the SSRF guard's first half; the second, in {@code data}, checks the addresses
 * a host resolves to). A base URL is a scheme from {@code schemes} and a host from {@code hosts}, nothing else: no
 * user info, query, fragment or path. A host entry is {@code name} (the scheme's default port only),
 * {@code name:port} or {@code name:*} (any port); names match exactly, case-insensitively, so encodings of an
 * address (decimal, octal, hex, short forms) never match a listed name.
 */
public final class UpstreamPolicy {
    /** The Jushuitan open platform's production and test hosts. */
    public static final String DEFAULT_HOSTS = "openapi.jushuitan.com,dev-api.jushuitan.com";
    private static final String CANONICAL_V4 = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}";
    private static final int ANY_PORT = 0;
    private static final int DEFAULT_PORT = -1;

    private record Entry(String host, int port) {
    }

    private final Set<String> schemes;
    private final List<Entry> hosts;

    private UpstreamPolicy(Set<String> schemes, List<Entry> hosts) {
        this.schemes = schemes;
        this.hosts = hosts;
    }

    /** Parses comma-separated schemes and host entries; IllegalArgumentException names what is wrong. */
    public static UpstreamPolicy parse(String schemes, String hosts) {
        Set<String> schemeSet = new LinkedHashSet<>();
        for (String s : schemes.split(",")) {
            String scheme = s.trim().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new IllegalArgumentException("schemes are http or https; got '" + s.trim() + "'");
            }
            schemeSet.add(scheme);
        }
        List<Entry> entries = new ArrayList<>();
        for (String h : hosts.split(",")) {
            String entry = h.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            String host;
            String portText = null;
            if (entry.startsWith("[")) { // an IPv6 literal: [addr] or [addr]:port
                int close = entry.indexOf(']');
                host = close < 0 ? entry : entry.substring(0, close + 1);
                String rest = close < 0 ? "" : entry.substring(close + 1);
                if (rest.startsWith(":")) {
                    portText = rest.substring(1);
                } else if (!rest.isEmpty()) {
                    throw new IllegalArgumentException("a host entry is name, name:port or name:*; got '" + h.trim() + "'");
                }
            } else {
                int colon = entry.indexOf(':');
                host = colon < 0 ? entry : entry.substring(0, colon);
                portText = colon < 0 ? null : entry.substring(colon + 1);
            }
            int port = DEFAULT_PORT;
            if (portText != null) {
                try {
                    port = portText.equals("*") ? ANY_PORT : Integer.parseInt(portText);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("a host entry is name, name:port or name:*; got '" + h.trim() + "'");
                }
                if (port < 1 && !portText.equals("*") || port > 65535) {
                    throw new IllegalArgumentException("port out of range in '" + h.trim() + "'");
                }
            }
            if (!host.matches("[a-z0-9.-]{1,253}|\\[[0-9a-f:.]{2,45}]")) {
                throw new IllegalArgumentException("not a host name or address: '" + h.trim() + "'");
            }
            entries.add(new Entry(host, port));
        }
        if (schemeSet.isEmpty() || entries.isEmpty()) {
            throw new IllegalArgumentException("at least one scheme and one host are needed");
        }
        return new UpstreamPolicy(Set.copyOf(schemeSet), List.copyOf(entries));
    }

    /**
     * The normalized base URL ({@code scheme://host[:port]}) when {@code baseUrl} is allowed; otherwise an
     * IllegalArgumentException whose message can be shown to the tenant.
     */
    public URI check(String baseUrl) {
        if (baseUrl == null || baseUrl.length() > 512 || !baseUrl.matches("\\p{Graph}+")) {
            throw new IllegalArgumentException("base_url must be an absolute URL without spaces (at most 512 characters)");
        }
        URI uri;
        try {
            uri = new URI(baseUrl);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("base_url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme)) {
            throw new IllegalArgumentException("base_url must use " + String.join(" or ", schemes));
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw new IllegalArgumentException("base_url is scheme://host[:port] only (no user, path, query or fragment)");
        }
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (host == null) {
            throw new IllegalArgumentException("base_url has no valid host");
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        // 2130706433, 0177.0.0.1, 0x7f.1: resolvers disagree on what these mean; only canonical dotted quads pass
        if (host.matches("(0x[0-9a-f]*|\\d+)(\\.(0x[0-9a-f]*|\\d+))*") && !host.matches(CANONICAL_V4)) {
            throw new IllegalArgumentException("base_url host " + host + " is an ambiguous numeric address");
        }
        int port = uri.getPort() == -1 ? defaultPort(scheme) : uri.getPort();
        for (Entry entry : hosts) {
            if (entry.host().equals(host) && (entry.port() == ANY_PORT
                    || (entry.port() == DEFAULT_PORT ? defaultPort(scheme) : entry.port()) == port)) {
                return URI.create(scheme + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
            }
        }
        throw new IllegalArgumentException("base_url host " + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                + " is not an allowed Jushuitan host");
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }
}
