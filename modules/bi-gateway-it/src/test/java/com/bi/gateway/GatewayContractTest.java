package com.bi.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.bi.common.server.Service;
import com.bi.gateway.Apisix.Match;
import com.bi.gateway.Apisix.Route;
import com.bi.gateway.ServiceRouteTable.ServiceRoute;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway's routes, methods and auth modes (the apisix.yaml the umbrella renders for each environment) against
 * the services' real route tables: every service route under {@code /api/} lands on exactly one gateway route, of its
 * service, with its method allowed and the auth the service expects (public at the service ↔ open and rate-limited
 * per client at the gateway; everything else ↔ jwt-auth); every gateway route is where at least one service route
 * lands; nothing under {@code /observe} is reachable.
 */
class GatewayContractTest {
    /** Each built service, by the declaration its Main runs (registered for java.util.ServiceLoader, as bi-launcher finds them). */
    static final List<Service> SERVICES = ServiceLoader.load(Service.class).stream().map(ServiceLoader.Provider::get).toList();

    /**
     * Services of the catalog (they have gateway routes) whose modules do not exist yet, so they have no route table:
     * their routes are not checked. {@link #notBuiltIsExactlyTheMissingModules} keeps this list honest.
     */
    static final Set<String> NOT_BUILT = Set.of();

    /** Paths of the kit's observe endpoints (health, metrics) and spellings that reach them at a service. */
    static final List<String> OBSERVE = List.of("/observe", "/observe/", "/observe/health", "/observe/health/ready",
            "/observe/health/live", "/observe/health/started", "/observe/metrics", "/observe;x/metrics");
    /** What the kit serves on every service beside its API: observe endpoints and the OpenAPI document. */
    static final List<String> KIT_PATHS = List.of("/observe", "/openapi");
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    static Map<String, List<ServiceRoute>> tables;

    @BeforeAll
    static void routeTables() {
        tables = new LinkedHashMap<>();
        for (Service service : SERVICES) {
            tables.put(service.name(), ServiceRouteTable.of(service));
        }
    }

    /** Everything wrong between a gateway configuration and the route tables, one line each. */
    static List<String> violations(Apisix gw, Map<String, List<ServiceRoute>> tables) {
        List<String> out = new ArrayList<>();
        Map<Route, List<ServiceRoute>> landed = new LinkedHashMap<>();
        for (Route r : gw.routes) {
            if (!tables.containsKey(r.upstream()) && !NOT_BUILT.contains(r.upstream())) {
                out.add("gateway route " + r.id() + " goes to " + r.upstream() + ", which is neither a built service nor listed as not built");
            }
        }
        for (List<ServiceRoute> table : tables.values()) {
            for (ServiceRoute s : table) {
                if (KIT_PATHS.stream().anyMatch(kit -> s.pattern().equals(kit) || s.pattern().startsWith(kit + "/"))) {
                    continue; // the kit's own endpoints, kept off the gateway (observeIsReachableThroughNoRoute, OpenApiNotRoutedTest)
                }
                Match m = gw.match(s.method(), s.samplePath()).orElse(null);
                if (m == null) {
                    out.add("hidden: " + s + " matches no gateway route");
                    continue;
                }
                Route r = m.route();
                landed.computeIfAbsent(r, k -> new ArrayList<>()).add(s);
                if (m.tiedWith() != null) {
                    out.add("ambiguous: " + s + " matches " + r.id() + " and " + m.tiedWith().id() + " at the same priority");
                }
                if (!s.service().equals(r.upstream())) {
                    out.add("misrouted: " + s + " lands on " + r.id() + ", which goes to " + r.upstream());
                }
                if (s.open()) {
                    if (!r.open()) {
                        out.add("auth: " + s + " needs no token at the service but " + r.id() + " demands one " + r.plugins().keySet());
                    } else if (!"remote_addr".equals(limitKey(r))) {
                        out.add("unlimited: " + s + " is public but " + r.id() + " has no limit-count per client address");
                    }
                } else if (!r.jwt() || r.plugins().containsKey("key-auth") || r.plugins().containsKey("multi-auth")) {
                    out.add("auth: " + s + " accepts only a bi-sys JWT but " + r.id() + " authenticates with " + authOf(r));
                }
            }
        }
        for (Route r : gw.routes) {
            List<ServiceRoute> served = tables.get(r.upstream());
            if (served == null) {
                continue;
            }
            if (!landed.containsKey(r)) {
                out.add("dead: gateway route " + r.id() + " " + r.uris() + " is where no route of " + r.upstream() + " lands");
                continue;
            }
            for (String method : r.methods()) {
                boolean answeredByGateway = method.equals("OPTIONS") && r.plugins().containsKey("cors");
                if (!answeredByGateway && landed.get(r).stream().noneMatch(s -> s.method().equals(method))) {
                    out.add("dead method: " + r.id() + " allows " + method + " but no route of " + r.upstream() + " under it serves it");
                }
            }
        }
        for (String path : OBSERVE) {
            for (String method : METHODS) {
                gw.match(method, path).ifPresent(m -> out.add("observe exposed: " + method + " " + path + " reaches " + m.route().id()));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static String limitKey(Route r) {
        Object lc = r.plugins().get("limit-count");
        return lc instanceof Map<?, ?> m ? String.valueOf(((Map<String, Object>) m).get("key")) : null;
    }

    private static String authOf(Route r) {
        return r.plugins().keySet().stream().filter(Apisix.AUTH_PLUGINS::contains).collect(Collectors.joining("+", "[", "]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void gatewayRoutesMatchTheServicesRouteTables(String env) {
        List<String> problems = violations(Apisix.of(UmbrellaChart.apisix(env)), tables);
        assertTrue(problems.isEmpty(), env + ":\n  " + String.join("\n  ", problems));
    }

    @Test
    void routeTablesAreReal() {
        // spot checks that the recorder and the probe read what the services declare
        assertTrue(tables.get("bi-sys").contains(new ServiceRoute("bi-sys", "POST", "/api/sys/v1/auth/refresh", true)));
        assertTrue(tables.get("bi-sys").contains(new ServiceRoute("bi-sys", "GET", "/api/sys/v1/me", false)));
        assertTrue(tables.get("bi-api-leke").contains(new ServiceRoute("bi-api-leke", "POST", "/api/leke/v1/webhook", true)),
                "the Leke webhook is public at the service: its HMAC signature is the credential");
        assertTrue(tables.get("bi-basic").contains(new ServiceRoute("bi-basic", "DELETE", "/api/basic/v1/shops/{id}", false)));
        assertTrue(tables.get("bi-tenant").contains(new ServiceRoute("bi-tenant", "POST", "/api/tenant/v1/admin/tenants/{code}/suspend", false)));
        Set<String> open = tables.values().stream().flatMap(List::stream).filter(ServiceRoute::open)
                .map(s -> s.method() + " " + s.pattern()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("POST /api/sys/v1/auth/login", "POST /api/sys/v1/auth/refresh", "POST /api/sys/v1/auth/logout",
                "POST /api/sys/v1/auth/api-key", "POST /api/leke/v1/webhook", "GET /", "GET /console/{file}")), open,
                "every public route of every service (bi-server's console page and its files are public)");
    }

    @Test
    void notBuiltIsExactlyTheMissingModules() {
        Set<String> upstreams = new TreeSet<>();
        for (String env : UmbrellaChart.ENVS) {
            Apisix.of(UmbrellaChart.apisix(env)).routes.forEach(r -> upstreams.add(r.upstream()));
        }
        Set<String> missing = upstreams.stream().filter(s -> !Files.isRegularFile(UmbrellaChart.ROOT.resolve("modules").resolve(s).resolve("pom.xml")))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(NOT_BUILT), missing, "NOT_BUILT must list exactly the gateway's services without a module: "
                + "a new module needs its Service in SERVICES, a removed one its routes gone");
        Set<String> checked = SERVICES.stream().map(Service::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> built = new TreeSet<>(upstreams);
        built.removeAll(NOT_BUILT);
        assertEquals(built, checked, "every built service with gateway routes has its route table checked");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "test", "prod"})
    void observeIsReachableThroughNoRoute(String env) {
        Apisix gw = Apisix.of(UmbrellaChart.apisix(env));
        for (String path : OBSERVE) {
            for (String method : METHODS) {
                assertTrue(gw.match(method, path).isEmpty(), method + " " + path + " must not reach a service through the gateway");
            }
        }
        // the guard leaves the console itself alone
        assertEquals("console", gw.match("GET", "/").orElseThrow().route().id());
        assertEquals("console", gw.match("GET", "/observer.html").orElseThrow().route().id());
    }

    @Test
    void lekeWebhookIsOpenAtTheGatewayAndLimited() {
        for (String env : UmbrellaChart.ENVS) {
            Route r = Apisix.of(UmbrellaChart.apisix(env)).match("POST", "/api/leke/v1/webhook").orElseThrow().route();
            assertEquals("bi-api-leke", r.upstream());
            assertTrue(r.open(), env + ": the webhook carries an HMAC signature, not a token: " + r.plugins().keySet());
            assertEquals("remote_addr", limitKey(r), env);
            assertEquals(Set.of("POST"), r.methods(), env);
            // the signature covers the body and its headers: nothing on the way may rewrite them
            assertTrue(Set.of("limit-count", "limit-req", "chaitin-waf").containsAll(r.plugins().keySet()), env + ": " + r.plugins().keySet());
        }
    }

    // --- the check itself fails when the gateway and the services disagree ---

    @Test
    void droppingARouteIsCaught() {
        Apisix gw = Apisix.of(UmbrellaChart.apisix("prod"));
        assertTrue(violations(gw, tables).isEmpty());
        List<String> noSession = violations(gw.without("sys-session"), tables);
        assertTrue(noSession.contains("auth: bi-sys POST /api/sys/v1/auth/refresh (public) needs no token at the service but sys-api demands one "
                + gw.route("sys-api").plugins().keySet()), String.join("\n", noSession));
        List<String> noTenant = violations(gw.without("tenant-api"), tables);
        assertTrue(noTenant.contains("misrouted: bi-tenant GET /api/tenant/v1/tenant lands on console, which goes to bi-server"),
                String.join("\n", noTenant));
        List<String> noLeke = violations(gw.without("leke-api").without("console"), tables);
        assertTrue(noLeke.contains("hidden: bi-api-leke GET /api/leke/v1/inbox matches no gateway route"), String.join("\n", noLeke));
    }

    @Test
    void addingARouteNoServiceServesIsCaught() {
        Apisix gw = Apisix.of(UmbrellaChart.apisix("prod"));
        Route tenant = gw.route("tenant-api");
        List<String> extra = violations(gw.with(new Route("tenant-reports", List.of("/api/tenant/v1/reports/*"), Set.of(),
                "bi-tenant", 0, tenant.plugins(), tenant.vars())), tables);
        assertEquals(List.of("dead: gateway route tenant-reports [/api/tenant/v1/reports/*] is where no route of bi-tenant lands"), extra);
        List<String> unknown = violations(gw.with(new Route("billing", List.of("/api/billing/v1/*"), Set.of(),
                "bi-billing", 0, tenant.plugins(), tenant.vars())), tables);
        assertEquals(List.of("gateway route billing goes to bi-billing, which is neither a built service nor listed as not built"), unknown);
        Route login = gw.route("sys-login");
        List<String> deadMethod = violations(gw.without("sys-login").with(new Route("sys-login", login.uris(), Set.of("POST", "GET"),
                login.upstream(), login.priority(), Map.of("limit-count", login.plugins().get("limit-count")), login.vars())), tables);
        assertEquals(List.of("dead method: sys-login allows GET but no route of bi-sys under it serves it"), deadMethod);
    }

    @Test
    void aWrongAuthModeIsCaught() {
        Apisix gw = Apisix.of(UmbrellaChart.apisix("prod"));
        Route basic = gw.route("basic-api");
        Map<String, Object> keyAuth = new LinkedHashMap<>(basic.plugins());
        keyAuth.remove("jwt-auth");
        keyAuth.put("multi-auth", Map.of("auth_plugins", List.of(Map.of("jwt-auth", Map.of()), Map.of("key-auth", Map.of()))));
        List<String> withKey = violations(gw.without("basic-api").with(new Route("basic-api", basic.uris(), basic.methods(),
                basic.upstream(), basic.priority(), keyAuth, basic.vars())), tables);
        assertFalse(withKey.isEmpty());
        assertTrue(withKey.stream().allMatch(v -> v.startsWith("auth: bi-basic ") && v.endsWith("authenticates with [multi-auth]")), String.join("\n", withKey));

        Route webhook = gw.route("leke-webhook");
        Map<String, Object> jwt = new LinkedHashMap<>(webhook.plugins());
        jwt.put("jwt-auth", Map.of("key_claim_name", "key"));
        assertEquals(List.of("auth: bi-api-leke POST /api/leke/v1/webhook (public) needs no token at the service but leke-webhook demands one "
                        + jwt.keySet()),
                violations(gw.without("leke-webhook").with(new Route("leke-webhook", webhook.uris(), webhook.methods(),
                        webhook.upstream(), webhook.priority(), jwt, webhook.vars())), tables));

        Route console = gw.route("console");
        List<String> exposed = violations(gw.without("console").with(new Route("console", console.uris(), console.methods(),
                console.upstream(), console.priority(), console.plugins(), List.of())), tables);
        assertTrue(exposed.contains("observe exposed: GET /observe/metrics reaches console"), String.join("\n", exposed));
    }
}
