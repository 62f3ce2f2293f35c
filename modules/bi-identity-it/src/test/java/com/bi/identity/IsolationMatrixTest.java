package com.bi.identity;

import java.time.Duration;
import java.util.List;

import com.bi.common.testing.Http;
import com.bi.common.testing.Http.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * bi-tenant, bi-sys and bi-basic running together on real PostgreSQL, with tokens issued by bi-sys at login:
 * with tenant A's tokens every id of tenant B answers 404 and every list holds only A's rows; the role matrix holds;
 * a suspended tenant's tokens are refused by every service within the cache bound (1 s here) and it cannot log in.
 */
class IsolationMatrixTest {
    private static final String USER_PASSWORD = "Tenant-User-Pw-2026!";
    private static IdentityPlatform platform;
    private static Http tenant;
    private static Http sys;
    private static Http basic;

    @BeforeAll
    static void startPlatform() {
        platform = new IdentityPlatform();
        tenant = platform.tenant;
        sys = platform.sys;
        basic = platform.basic;
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static String login(String tenantCode, String username, String password) {
        return platform.login(tenantCode, username, password);
    }

    private static void createTenantWithUsers(String operator, String code) {
        Response created = tenant.post("/api/tenant/v1/admin/tenants", operator, """
                {"code":"%s","name":"Tenant %s"}""".formatted(code, code));
        assertThat(created.toString(), created.status(), is(201));
        for (String role : List.of("ADMIN", "ANALYST", "VIEWER")) {
            Response user = sys.post("/api/sys/v1/admin/tenants/" + code + "/users", operator, """
                    {"username":"%s","password":"%s","roles":["%s"]}""".formatted(role.toLowerCase(), USER_PASSWORD, role));
            assertThat(user.toString(), user.status(), is(201));
        }
    }

    @Test
    void isolationRolesAndSuspension() throws Exception {
        String operator = platform.operator();
        createTenantWithUsers(operator, "alpha");
        createTenantWithUsers(operator, "bravo");
        String alphaAdmin = login("alpha", "admin", USER_PASSWORD);
        String alphaAnalyst = login("alpha", "analyst", USER_PASSWORD);
        String alphaViewer = login("alpha", "viewer", USER_PASSWORD);
        String bravoAdmin = login("bravo", "admin", USER_PASSWORD);

        // bi-basic: B's shop is invisible to A, whatever id A sends
        long bravoShop = basic.post("/api/basic/v1/shops", bravoAdmin, """
                {"name":"Bravo shop","platform":"JD","source":"MANUAL","external_id":"b-1"}""").json().get("id").asLong();
        long alphaShop = basic.post("/api/basic/v1/shops", alphaAnalyst, """
                {"name":"Alpha shop","platform":"JD","source":"MANUAL","external_id":"a-1"}""").json().get("id").asLong();
        assertThat(basic.get("/api/basic/v1/shops/" + bravoShop, alphaAdmin).status(), is(404));
        assertThat(basic.put("/api/basic/v1/shops/" + bravoShop, alphaAdmin, """
                {"name":"Stolen","platform":"JD","source":"MANUAL","external_id":"b-1"}""", "\"1\"").status(), is(404));
        assertThat(basic.delete("/api/basic/v1/shops/" + bravoShop, alphaAdmin, null).status(), is(404));
        assertThat(basic.get("/api/basic/v1/shops", alphaViewer).json().get("total").asInt(), is(1));
        assertThat(basic.get("/api/basic/v1/shops", alphaViewer).json().get("items").get(0).get("id").asLong(), is(alphaShop));
        assertThat("VIEWER cannot write", basic.post("/api/basic/v1/shops", alphaViewer, """
                {"name":"x","platform":"JD","source":"MANUAL","external_id":"v-1"}""").status(), is(403));

        // bi-sys: users of B are invisible to A; ANALYST and VIEWER cannot manage users
        long bravoUser = sys.get("/api/sys/v1/users", bravoAdmin).json().get("items").get(0).get("id").asLong();
        assertThat(sys.get("/api/sys/v1/users/" + bravoUser, alphaAdmin).status(), is(404));
        assertThat(sys.delete("/api/sys/v1/users/" + bravoUser, alphaAdmin, null).status(), is(404));
        assertThat(sys.get("/api/sys/v1/users", alphaAdmin).body(), not(containsString("bravo")));
        assertThat(sys.get("/api/sys/v1/users", alphaAdmin).json().get("total").asInt(), is(3));
        assertThat("ANALYST cannot manage users", sys.get("/api/sys/v1/users", alphaAnalyst).status(), is(403));
        assertThat("VIEWER cannot manage users", sys.post("/api/sys/v1/users", alphaViewer, """
                {"username":"eve","password":"%s","roles":["ADMIN"]}""".formatted(USER_PASSWORD)).status(), is(403));
        assertThat("a tenant admin cannot create users elsewhere",
                sys.post("/api/sys/v1/admin/tenants/bravo/users", alphaAdmin, """
                        {"username":"mole","password":"%s","roles":["ADMIN"]}""".formatted(USER_PASSWORD)).status(), is(403));

        // bi-tenant: only PLATFORM_ADMIN manages tenants; a tenant sees only itself
        assertThat(tenant.get("/api/tenant/v1/admin/tenants", alphaAdmin).status(), is(403));
        assertThat(tenant.post("/api/tenant/v1/admin/tenants/bravo/suspend", alphaAdmin, "{}").status(), is(403));
        assertThat(tenant.get("/api/tenant/v1/tenant", alphaViewer).json().get("code").asText(), is("alpha"));
        assertThat(tenant.get("/api/tenant/v1/admin/tenants", operator).json().get("total").asInt(), is(3));
        assertThat(tenant.get("/api/tenant/v1/admin/tenants", operator).body(), containsString("bravo"));

        // quotas are enforced where the counted thing is created: shops in bi-basic (plan quota from bi-tenant)
        Response small = tenant.post("/api/tenant/v1/admin/tenants", operator, """
                {"code":"charlie","name":"Tenant charlie","max_shops":1}""");
        assertThat(small.toString(), small.status(), is(201));
        assertThat(sys.post("/api/sys/v1/admin/tenants/charlie/users", operator, """
                {"username":"admin","password":"%s","roles":["ADMIN"]}""".formatted(USER_PASSWORD)).status(), is(201));
        String charlie = login("charlie", "admin", USER_PASSWORD);
        assertThat(basic.post("/api/basic/v1/shops", charlie, """
                {"name":"One","platform":"PDD","source":"MANUAL","external_id":"c-1"}""").status(), is(201));
        Response overQuota = basic.post("/api/basic/v1/shops", charlie, """
                {"name":"Two","platform":"PDD","source":"MANUAL","external_id":"c-2"}""");
        assertThat(overQuota.toString(), overQuota.status(), is(409));
        assertThat(overQuota.json().get("detail").asText(), containsString("quota of 1 shops"));

        // suspension: refused everywhere within the bound, no new logins; resume restores access
        Response suspended = tenant.post("/api/tenant/v1/admin/tenants/bravo/suspend", operator, "{}");
        assertThat(suspended.toString(), suspended.status(), is(200));
        Thread.sleep(Duration.ofMillis(1300));
        Response basicRefused = basic.get("/api/basic/v1/shops", bravoAdmin);
        assertThat(basicRefused.toString(), basicRefused.status(), is(403));
        assertThat(basicRefused.json().get("detail").asText(), containsString("suspended"));
        assertThat(sys.get("/api/sys/v1/me", bravoAdmin).status(), is(403));
        assertThat(tenant.get("/api/tenant/v1/tenant", bravoAdmin).status(), is(403));
        assertThat(sys.post("/api/sys/v1/auth/login", null, """
                {"tenant":"bravo","username":"admin","password":"%s"}""".formatted(USER_PASSWORD)).status(), is(403));
        assertThat("other tenants are unaffected", basic.get("/api/basic/v1/shops", alphaViewer).status(), is(200));

        assertThat(tenant.post("/api/tenant/v1/admin/tenants/bravo/resume", operator, "{}").status(), is(200));
        Thread.sleep(Duration.ofMillis(1300));
        assertThat(basic.get("/api/basic/v1/shops", bravoAdmin).status(), is(200));
        assertThat(login("bravo", "admin", USER_PASSWORD).startsWith("Bearer "), is(true));
    }
}
