package com.bi.identity;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import com.bi.common.server.ServiceKit;
import com.bi.common.testing.Http;
import com.bi.common.testing.Http.Response;
import com.bi.common.testing.TestKits;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.http.HttpRouting;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * bi-tenant, bi-sys and bi-basic started together on real PostgreSQL, wired as in production (bi-sys and bi-basic
 * ask bi-tenant over gRPC; tenant status cached for 1 s here), with the bootstrap operator.
 */
final class IdentityPlatform implements AutoCloseable {
    static final String OPERATOR_PASSWORD = "Operator-Test-Pw-2026!";

    private final List<ServiceKit> kits = new ArrayList<>();
    final Http tenant;
    final Http sys;
    final Http basic;

    private record Wiring(Consumer<HttpRouting.Builder> http, Consumer<GrpcRouting.Builder> grpc) {
    }

    IdentityPlatform() {
        Map<String, String> common = new HashMap<>();
        common.put("bi.tenant.status.check", "true");
        common.put("bi.tenant.status.ttl", "1s");
        WebServer tenantServer = start("bi-tenant", common, kit -> {
            var tenants = com.bi.tenant.Main.tenants(kit);
            return new Wiring(r -> com.bi.tenant.Main.routing(r, tenants), g -> com.bi.tenant.Main.grpc(g, tenants));
        });
        common.put("bi.peers.tenant.address", "127.0.0.1:" + tenantServer.port(ServiceKit.GRPC_SOCKET));
        Map<String, String> sysConfig = new HashMap<>(common);
        sysConfig.put("bi.bootstrap.admin.password", OPERATOR_PASSWORD);
        sysConfig.put("bi.sys.argon2.memory.kib", "1024");
        sysConfig.put("bi.sys.argon2.iterations", "1");
        WebServer sysServer = start("bi-sys", sysConfig, kit -> {
            var s = com.bi.sys.Main.sys(kit, null);
            return new Wiring(r -> com.bi.sys.Main.routing(r, s), g -> com.bi.sys.Main.grpc(g, s));
        });
        WebServer basicServer = start("bi-basic", common, kit -> {
            var data = com.bi.basic.Main.masterData(kit);
            return new Wiring(r -> com.bi.basic.Main.routing(r, data), g -> com.bi.basic.Main.grpc(g, data));
        });
        tenant = new Http(URI.create("http://127.0.0.1:" + tenantServer.port()));
        sys = new Http(URI.create("http://127.0.0.1:" + sysServer.port()));
        basic = new Http(URI.create("http://127.0.0.1:" + basicServer.port()));
    }

    private WebServer start(String service, Map<String, String> config, Function<ServiceKit, Wiring> wire) {
        ServiceKit kit = TestKits.withDatabase(service, config);
        kits.add(kit);
        Wiring wiring = wire.apply(kit);
        WebServerConfig.Builder builder = WebServer.builder();
        kit.configure(builder, wiring.http(), wiring.grpc());
        WebServer server = builder.build().start();
        kit.attach(server);
        return server;
    }

    /** A bearer token from bi-sys's login. */
    String login(String tenantCode, String username, String password) {
        Response response = sys.post("/api/sys/v1/auth/login", null, """
                {"tenant":"%s","username":"%s","password":"%s"}""".formatted(tenantCode, username, password));
        assertThat(response.toString(), response.status(), is(200));
        return "Bearer " + response.json().get("access_token").asText();
    }

    /**
     * Waits (up to a minute, for a loaded CI machine) until bi-basic holds bi-tenant's answer for the caller's tenant:
     * a request that bi-basic decided without it shows in {@code bi_tenant_unverified_decisions_total}.
     */
    void awaitTenantKnownToBasic(String token) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            double before = unverifiedDecisions();
            assertThat(basic.get("/api/basic/v1/shops", token).status(), is(200));
            if (unverifiedDecisions() == before) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("bi-basic never got bi-tenant's answer within a minute");
    }

    private double unverifiedDecisions() {
        double sum = 0;
        for (String line : basic.get("/observe/metrics", null).body().split("\n")) {
            if (line.startsWith("bi_tenant_unverified_decisions_total")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Posts until bi-sys answers something other than 503 (bi-tenant not reached yet), up to a minute. */
    Response postUntilAvailable(String path, String token, String body) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
        Response response = sys.post(path, token, body);
        while (response.status() == 503 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            response = sys.post(path, token, body);
        }
        return response;
    }

    String operator() {
        return login("platform", "admin", OPERATOR_PASSWORD);
    }

    @Override
    public void close() {
        kits.forEach(ServiceKit::close);
    }
}
