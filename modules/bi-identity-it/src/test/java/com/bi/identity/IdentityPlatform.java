package com.bi.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.bi.basic.BasicService;
import com.bi.common.server.Service;
import com.bi.common.testing.Http;
import com.bi.common.testing.Http.Response;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.sys.SysService;
import com.bi.tenant.TenantService;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * bi-tenant, bi-sys and bi-basic started together on real PostgreSQL from their production declarations (bi-sys and bi-basic
 * ask bi-tenant over gRPC; tenant status cached for 1 s here), with the bootstrap operator.
 */
final class IdentityPlatform implements AutoCloseable {
    static final String OPERATOR_PASSWORD = "Operator-Test-Pw-2026!";

    private final List<ServiceUnderTest> services = new ArrayList<>();
    final Http tenant;
    final Http sys;
    final Http basic;
    /** bi-basic itself, for services that call it over gRPC. */
    final ServiceUnderTest basicService;
    /** What every service here is started with: the tenant check (1 s) and bi-tenant's gRPC address. */
    private final Map<String, String> common = new HashMap<>();

    IdentityPlatform() {
        common.put("bi.tenant.status.check", "true");
        common.put("bi.tenant.status.ttl", "1s");
        ServiceUnderTest tenantService = start(new TenantService(), common);
        common.put("bi.peers.tenant.address", tenantService.grpcAddress());
        Map<String, String> sysConfig = new HashMap<>(common);
        sysConfig.put("bi.bootstrap.admin.password", OPERATOR_PASSWORD);
        sysConfig.put("bi.sys.argon2.memory.kib", "1024");
        sysConfig.put("bi.sys.argon2.iterations", "1");
        tenant = tenantService.http();
        sys = start(new SysService(), sysConfig).http();
        basicService = start(new BasicService(), common);
        basic = basicService.http();
    }

    /** The configuration every service of this platform shares (a copy, to add a service's own keys to). */
    Map<String, String> commonConfig() {
        return new HashMap<>(common);
    }

    /** Starts {@code service} from its own declaration, on its own schema; stopped with the platform. */
    ServiceUnderTest start(Service service, Map<String, String> config) {
        ServiceUnderTest started = ServiceUnderTest.of(service).withDatabase().config(config).start();
        services.add(started);
        return started;
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
        services.forEach(ServiceUnderTest::close);
    }
}
