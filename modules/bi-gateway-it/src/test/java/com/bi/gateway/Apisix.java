package com.bi.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The routes and consumers of a rendered apisix.yaml, and the two things APISIX 3.16 does with them that the contract
 * depends on, modelled on its documented behaviour: which route a request lands on (lua-resty-radixtree: a full-path
 * uri before any prefix, a longer prefix before a shorter one, {@code priority} among routes of the same uri, then
 * methods and {@code vars}) and whether {@code jwt-auth} lets a token through (consumer chosen by the token's
 * {@code key_claim_name} claim among the consumers' {@code key}s after {@code $env://} resolution — an unresolvable
 * reference stays literal text —, HMAC-SHA256 with that consumer's secret, then {@code exp}/{@code nbf}).
 */
final class Apisix {
    /** Plugins that authenticate a caller: a route with none of them is open at the gateway. */
    static final Set<String> AUTH_PLUGINS = Set.of("jwt-auth", "key-auth", "multi-auth", "basic-auth", "hmac-auth",
            "ldap-auth", "openid-connect", "authz-keycloak", "forward-auth");

    record Route(String id, List<String> uris, Set<String> methods, String upstream, int priority,
                 Map<String, Object> plugins, List<List<Object>> vars) {
        boolean jwt() {
            return plugins.containsKey("jwt-auth");
        }

        boolean open() {
            return plugins.keySet().stream().noneMatch(AUTH_PLUGINS::contains);
        }

        boolean allows(String method) {
            return methods.isEmpty() || methods.contains(method);
        }

        boolean varsMatch(String path) {
            for (List<Object> v : vars) {
                boolean negate = v.size() == 4 && "!".equals(v.get(1));
                String op = String.valueOf(v.get(negate ? 2 : 1));
                String value = String.valueOf(v.get(negate ? 3 : 2));
                if (!"uri".equals(v.get(0)) || v.size() != (negate ? 4 : 3)) {
                    throw new IllegalArgumentException("route " + id + ": vars " + v + " not modelled by this test");
                }
                boolean hit = switch (op) {
                    case "~~" -> Pattern.compile(value).matcher(path).find();
                    case "==" -> path.equals(value);
                    default -> throw new IllegalArgumentException("route " + id + ": vars operator " + op + " not modelled");
                };
                if (hit == negate) {
                    return false;
                }
            }
            return true;
        }

        Route withId(String newId) {
            return new Route(newId, uris, methods, upstream, priority, plugins, vars);
        }
    }

    /** Where a request lands: the route, or none; {@code tiedWith} names another route APISIX could equally pick. */
    record Match(Route route, Route tiedWith) {
    }

    final List<Route> routes;
    final List<Map<String, Object>> consumers;

    private Apisix(List<Route> routes, List<Map<String, Object>> consumers) {
        this.routes = List.copyOf(routes);
        this.consumers = List.copyOf(consumers);
    }

    @SuppressWarnings("unchecked")
    static Apisix of(Map<String, Object> doc) {
        List<Route> routes = new ArrayList<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) doc.getOrDefault("routes", List.of())) {
            List<String> uris = r.containsKey("uris") ? (List<String>) r.get("uris") : List.of((String) r.get("uri"));
            routes.add(new Route((String) r.get("id"), uris,
                    Set.copyOf((List<String>) r.getOrDefault("methods", List.of())),
                    (String) r.get("upstream_id"), ((Number) r.getOrDefault("priority", 0)).intValue(),
                    (Map<String, Object>) r.getOrDefault("plugins", Map.of()),
                    (List<List<Object>>) r.getOrDefault("vars", List.of())));
        }
        return new Apisix(routes, (List<Map<String, Object>>) doc.getOrDefault("consumers", List.of()));
    }

    Apisix without(String routeId) {
        List<Route> rest = routes.stream().filter(r -> !r.id().equals(routeId)).toList();
        if (rest.size() == routes.size()) {
            throw new IllegalArgumentException("no route " + routeId);
        }
        return new Apisix(rest, consumers);
    }

    Apisix with(Route extra) {
        List<Route> all = new ArrayList<>(routes);
        all.add(extra);
        return new Apisix(all, consumers);
    }

    Route route(String id) {
        return routes.stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no gateway route " + id));
    }

    /** The route a request lands on (empty: APISIX answers 404 itself). */
    Optional<Match> match(String method, String path) {
        record Candidate(Route route, String uri) {
        }
        Map<String, List<Candidate>> byUri = new LinkedHashMap<>();
        for (Route r : routes) {
            for (String uri : r.uris()) {
                boolean hit = uri.endsWith("*") ? path.startsWith(uri.substring(0, uri.length() - 1)) : path.equals(uri);
                if (hit) {
                    byUri.computeIfAbsent(uri, u -> new ArrayList<>()).add(new Candidate(r, uri));
                }
            }
        }
        // full paths first, then prefixes from the longest
        List<String> order = byUri.keySet().stream()
                .sorted(Comparator.comparing((String u) -> u.endsWith("*")).thenComparing(u -> -u.length())).toList();
        for (String uri : order) {
            List<Route> passing = byUri.get(uri).stream().map(Candidate::route)
                    .filter(r -> r.allows(method) && r.varsMatch(path))
                    .sorted(Comparator.comparingInt(Route::priority).reversed()).toList();
            if (!passing.isEmpty()) {
                Route first = passing.get(0);
                Route tie = passing.size() > 1 && passing.get(1).priority() == first.priority() ? passing.get(1) : null;
                return Optional.of(new Match(first, tie));
            }
        }
        return Optional.empty();
    }

    /**
     * jwt-auth of a route for an {@code Authorization} header, with the APISIX pods' environment: the consumer's
     * username, or an exception saying why APISIX answers 401.
     */
    @SuppressWarnings("unchecked")
    String jwtAuth(Route route, String authorization, Map<String, String> podEnv, Instant now) {
        Map<String, Object> conf = (Map<String, Object>) route.plugins().get("jwt-auth");
        if (conf == null && route.plugins().get("multi-auth") instanceof Map<?, ?> multi) {
            // multi-auth tries its plugins in turn: a token gets through its jwt-auth
            for (Map<String, Object> p : (List<Map<String, Object>>) multi.get("auth_plugins")) {
                conf = p.containsKey("jwt-auth") ? (Map<String, Object>) p.get("jwt-auth") : conf;
            }
        }
        if (conf == null) {
            throw new IllegalArgumentException("route " + route.id() + " has no jwt-auth");
        }
        if (authorization == null) {
            throw new Refused("Missing JWT token in request");
        }
        String token = authorization.startsWith("Bearer ") || authorization.startsWith("bearer ")
                ? authorization.substring(7) : authorization;
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new Refused("JWT token invalid");
        }
        Object key = claims.getClaim(String.valueOf(conf.getOrDefault("key_claim_name", "key")));
        if (key == null) {
            throw new Refused("missing user key in JWT token");
        }
        // consumers by their resolved key; a later one with the same key replaces an earlier one
        Map<Object, Map<String, Object>> byKey = new LinkedHashMap<>();
        for (Map<String, Object> c : consumers) {
            Map<String, Object> auth = (Map<String, Object>) ((Map<String, Object>) c.get("plugins")).get("jwt-auth");
            if (auth != null) {
                Map<String, Object> resolved = new LinkedHashMap<>(auth);
                resolved.replaceAll((k, v) -> v instanceof String s ? resolve(s, podEnv) : v);
                resolved.put("username", c.get("username"));
                byKey.put(resolved.get("key"), resolved);
            }
        }
        Map<String, Object> consumer = byKey.get(key);
        if (consumer == null) {
            throw new Refused("Invalid user key in JWT token");
        }
        if (!"HS256".equals(consumer.getOrDefault("algorithm", "HS256")) || !hs256Valid(jwt, (String) consumer.get("secret"))) {
            throw new Refused("failed to verify jwt");
        }
        long grace = ((Number) consumer.getOrDefault("lifetime_grace_period", 0)).longValue();
        if (claims.getExpirationTime() != null && !now.isBefore(claims.getExpirationTime().toInstant().plusSeconds(grace))) {
            throw new Refused("failed to verify jwt: 'exp' claim expired");
        }
        if (claims.getNotBeforeTime() != null && now.plusSeconds(grace).isBefore(claims.getNotBeforeTime().toInstant())) {
            throw new Refused("failed to verify jwt: 'nbf' claim not yet valid");
        }
        return (String) consumer.get("username");
    }

    /**
     * A route's authentication: {@code jwt-auth}, or {@code multi-auth} (its jwt-auth, else its key-auth with the
     * {@code apikey} header against the key-auth consumers); the consumer's username, or why APISIX answers 401.
     */
    @SuppressWarnings("unchecked")
    String authenticate(Route route, String authorization, String apikey, Map<String, String> podEnv, Instant now) {
        if (route.plugins().containsKey("jwt-auth")) {
            return jwtAuth(route, authorization, podEnv, now);
        }
        if (!route.plugins().containsKey("multi-auth")) {
            throw new Refused("authentication " + route.plugins().keySet() + " not modelled");
        }
        try {
            return jwtAuth(route, authorization, podEnv, now);
        } catch (Refused jwtRefused) {
            for (Map<String, Object> c : consumers) {
                Object keyAuth = ((Map<String, Object>) c.get("plugins")).get("key-auth");
                if (apikey != null && keyAuth instanceof Map<?, ?> conf
                        && apikey.equals(resolve(String.valueOf(conf.get("key")), podEnv))) {
                    return (String) c.get("username");
                }
            }
            throw new Refused("Authorization Failed");
        }
    }

    /** {@code $env://NAME} → the pod's variable, or the reference itself as APISIX 3.16 keeps it when unresolvable. */
    static String resolve(String value, Map<String, String> podEnv) {
        if (value.toUpperCase(java.util.Locale.ROOT).startsWith("$ENV://")) {
            String v = podEnv.get(value.substring("$env://".length()));
            return v == null ? value : v;
        }
        return value;
    }

    /** The secret's UTF-8 bytes as the HMAC key, whatever their length (APISIX does not enforce one). */
    private static boolean hs256Valid(SignedJWT jwt, String secret) {
        if (!"HS256".equals(jwt.getHeader().getAlgorithm().getName())) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal(jwt.getSigningInput());
            return MessageDigest.isEqual(expected, jwt.getSignature().decode());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** APISIX's 401 from jwt-auth, with its message. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    @Override
    public String toString() {
        return routes.stream().map(Route::id).collect(Collectors.joining(", ", "routes [", "]"));
    }
}
