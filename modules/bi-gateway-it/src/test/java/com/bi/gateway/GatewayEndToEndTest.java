package com.bi.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.bi.basic.BasicService;
import com.bi.common.json.Json;
import com.bi.common.server.Service;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.sys.SysService;
import com.bi.tenant.TenantService;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end through the prod gateway's rendered routes: the real bi-tenant, bi-sys and bi-basic on real PostgreSQL,
 * configured from a platform Secret, behind {@link MiniGateway} (APISIX's route choice and jwt-auth, the APISIX pods'
 * environment from the same Secret). A machine consumer gets in with its API key; a user whose access token has
 * really expired (bi-sys issues 1-minute tokens here) refreshes, works on, and logs out.
 */
class GatewayEndToEndTest {
    static final String OPERATOR_PASSWORD = "Operator-Gateway-Pw-2026!";
    static final String USER_PASSWORD = "Gateway-User-Pw-2026!";
    static final Map<String, String> PLATFORM_SECRET = GatewayAuthFlowTest.secret(GatewayAuthFlowTest.S1, "bi-e2e",
            GatewayAuthFlowTest.S1, "bi-e2e");

    static final List<ServiceUnderTest> SERVICES = new ArrayList<>();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static MiniGateway gateway;
    static URI sys;

    @BeforeAll
    static void platform() throws Exception {
        // what the services read from the platform Secret (their env), as config keys
        Map<String, String> common = new HashMap<>();
        common.put("bi.jwt.secret", PLATFORM_SECRET.get("BI_JWT_SECRET"));
        common.put("bi.jwt.secret.previous", PLATFORM_SECRET.get("BI_JWT_SECRET_PREVIOUS"));
        common.put("bi.tenant.status.check", "true");
        common.put("bi.tenant.status.ttl", "1s");
        ServiceUnderTest tenant = start(new TenantService(), common);
        common.put("bi.peers.tenant.address", tenant.grpcAddress());
        Map<String, String> sysConfig = new HashMap<>(common);
        sysConfig.put("bi.jwt.gateway.key", PLATFORM_SECRET.get("BI_JWT_GATEWAY_KEY"));
        sysConfig.put("bi.jwt.access.ttl", "1m");
        sysConfig.put("bi.bootstrap.admin.password", OPERATOR_PASSWORD);
        sysConfig.put("bi.sys.argon2.memory.kib", "1024");
        sysConfig.put("bi.sys.argon2.iterations", "1");
        sys = start(new SysService(), sysConfig).uri();
        ServiceUnderTest basic = start(new BasicService(), common);
        URI tenantUri = tenant.uri();
        gateway = new MiniGateway(Apisix.of(UmbrellaChart.apisix("prod")), Map.of("bi-sys", sys, "bi-tenant", tenantUri,
                "bi-basic", basic.uri()), PLATFORM_SECRET);

        // an operator sets up a tenant and its admin directly at the services (admin routes are IP-restricted)
        String operator = "Bearer " + login(sys, "platform", "admin", OPERATOR_PASSWORD).get("access_token").asText();
        HttpResponse<String> created = send(tenantUri.resolve("/api/tenant/v1/admin/tenants"), "POST", Map.of("Authorization", operator),
                "{\"code\":\"gw-acme\",\"name\":\"Gateway Acme\"}");
        assertEquals(201, created.statusCode(), created.body());
        HttpResponse<String> admin = untilNot503(() -> send(sys.resolve("/api/sys/v1/admin/tenants/gw-acme/users"), "POST",
                Map.of("Authorization", operator), "{\"username\":\"owner\",\"password\":\"%s\",\"roles\":[\"ADMIN\"]}".formatted(USER_PASSWORD)));
        assertEquals(201, admin.statusCode(), admin.body());
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        SERVICES.forEach(ServiceUnderTest::close);
    }

    /** Starts {@code service} from its own declaration, on its own schema. */
    private static ServiceUnderTest start(Service service, Map<String, String> config) {
        ServiceUnderTest started = ServiceUnderTest.of(service).withDatabase().config(config).start();
        SERVICES.add(started);
        return started;
    }

    static HttpResponse<String> send(URI uri, String method, Map<String, String> headers, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new AssertionError(method + " " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Through the gateway. */
    static HttpResponse<String> gw(String method, String path, Map<String, String> headers, String json) {
        return send(gateway.uri(path), method, headers, json);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(response.body(), e);
        }
    }

    static JsonNode login(URI base, String tenant, String user, String password) {
        HttpResponse<String> r = send(base.resolve("/api/sys/v1/auth/login"), "POST", Map.of(),
                "{\"tenant\":\"%s\",\"username\":\"%s\",\"password\":\"%s\"}".formatted(tenant, user, password));
        assertEquals(200, r.statusCode(), r.body());
        return json(r);
    }

    /** bi-sys answers 503 until it has reached bi-tenant once. */
    static HttpResponse<String> untilNot503(java.util.function.Supplier<HttpResponse<String>> call) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        HttpResponse<String> r = call.get();
        while (r.statusCode() == 503 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            r = call.get();
        }
        return r;
    }

    @Test
    void machineConsumerGetsInWithItsApiKey() throws InterruptedException {
        String owner = "Bearer " + json(untilNot503(() -> gw("POST", "/api/sys/v1/auth/login", Map.of(),
                "{\"tenant\":\"gw-acme\",\"username\":\"owner\",\"password\":\"%s\"}".formatted(USER_PASSWORD)))).get("access_token").asText();
        HttpResponse<String> key = gw("POST", "/api/sys/v1/api-keys", Map.of("Authorization", owner),
                "{\"name\":\"erp-sync\",\"scopes\":[\"VIEWER\"]}");
        assertEquals(201, key.statusCode(), key.body());
        String apiKey = json(key).get("key").asText();

        // the API key alone is no credential on the APIs: the gateway wants a token
        assertEquals(401, gw("GET", "/api/basic/v1/shops", Map.of("X-API-Key", apiKey, "apikey", apiKey), null).statusCode());
        // exchanged at bi-sys through the public route, it gives a token that works everywhere
        HttpResponse<String> exchanged = gw("POST", "/api/sys/v1/auth/api-key", Map.of("X-API-Key", apiKey), null);
        assertEquals(200, exchanged.statusCode(), exchanged.body());
        String machine = "Bearer " + json(exchanged).get("access_token").asText();
        HttpResponse<String> shops = gw("GET", "/api/basic/v1/shops", Map.of("Authorization", machine), null);
        assertEquals(200, shops.statusCode(), shops.body());
        HttpResponse<String> own = gw("GET", "/api/tenant/v1/tenant", Map.of("Authorization", machine), null);
        assertEquals(200, own.statusCode(), own.body());
        assertEquals("gw-acme", json(own).get("code").asText());
        // a wrong key is refused by bi-sys itself, not waved through
        assertEquals(401, gw("POST", "/api/sys/v1/auth/api-key", Map.of("X-API-Key", apiKey + "x"), null).statusCode());
    }

    @Test
    void userWhoseAccessTokenExpiredRefreshesAndLogsOut() throws InterruptedException {
        JsonNode session = json(untilNot503(() -> gw("POST", "/api/sys/v1/auth/login", Map.of(),
                "{\"tenant\":\"gw-acme\",\"username\":\"owner\",\"password\":\"%s\"}".formatted(USER_PASSWORD))));
        String access = "Bearer " + session.get("access_token").asText();
        assertEquals(200, gw("GET", "/api/basic/v1/shops", Map.of("Authorization", access), null).statusCode());

        // wait until the access token has really expired at the gateway
        Instant expiry = Instant.now().plusSeconds(session.get("expires_in").asLong());
        while (Instant.now().isBefore(expiry.plusSeconds(1))) {
            Thread.sleep(500);
        }
        HttpResponse<String> stale = gw("GET", "/api/basic/v1/shops", Map.of("Authorization", access), null);
        assertEquals(401, stale.statusCode(), "the gateway refuses the expired token: " + stale.body());

        // the console still sends the expired token along: refresh and logout must get through anyway
        HttpResponse<String> refreshed = gw("POST", "/api/sys/v1/auth/refresh", Map.of("Authorization", access),
                "{\"refresh_token\":\"%s\"}".formatted(session.get("refresh_token").asText()));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        String fresh = "Bearer " + json(refreshed).get("access_token").asText();
        assertEquals(200, gw("GET", "/api/basic/v1/shops", Map.of("Authorization", fresh), null).statusCode());

        HttpResponse<String> logout = gw("POST", "/api/sys/v1/auth/logout", Map.of("Authorization", access),
                "{\"refresh_token\":\"%s\"}".formatted(json(refreshed).get("refresh_token").asText()));
        assertEquals(204, logout.statusCode(), logout.body());
    }
}
