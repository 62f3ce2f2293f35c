package com.bi.identity;

import java.util.List;

import com.bi.common.testing.Race;
import com.bi.common.testing.Http.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Issue 12 #18, quota races: parallel creations against the real services (quotas from a real bi-tenant) never end
 * above the tenant's quota — users in bi-sys ({@code max_users}), shops in bi-basic ({@code max_shops}).
 */
class QuotaRaceTest {
    private static final String PASSWORD = "Quota-Race-Pw-2026!";
    private static IdentityPlatform platform;

    @BeforeAll
    static void startPlatform() {
        platform = new IdentityPlatform();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static void createTenant(String operator, String code, String quota) {
        Response created = platform.tenant.post("/api/tenant/v1/admin/tenants", operator, """
                {"code":"%s","name":"Tenant %s",%s}""".formatted(code, code, quota));
        assertThat(created.toString(), created.status(), is(201));
    }

    private static void assertQuota(List<Response> answers, int created, String detail) {
        assertThat("created", answers.stream().filter(r -> r.status() == 201).count(), is((long) created));
        for (Response answer : answers) {
            assertThat(answer.toString(), answer.status(), anyOf(is(201), is(409)));
            if (answer.status() == 409) {
                assertThat(answer.contentType(), is("application/problem+json"));
                assertThat(answer.json().get("detail").asText(), containsString(detail));
            }
        }
    }

    @Test
    void userQuotaRace_parallelCreationsStopAtMaxUsers() throws Exception {
        String operator = platform.operator();
        createTenant(operator, "users-race", "\"max_users\":5");
        // one creation first, so bi-sys has the tenant's answer cached (the race is about the quota, not bi-tenant)
        Response first = platform.postUntilAvailable("/api/sys/v1/admin/tenants/users-race/users", operator, """
                {"username":"first","password":"%s","roles":["ADMIN"]}""".formatted(PASSWORD));
        assertThat(first.toString(), first.status(), is(201));
        List<Response> answers = Race.together(20, i -> platform.sys.post("/api/sys/v1/admin/tenants/users-race/users", operator, """
                {"username":"user%d","password":"%s","roles":["VIEWER"]}""".formatted(i, PASSWORD)));
        assertQuota(answers, 4, "quota of 5 users");
        assertThat(platform.sys.get("/api/sys/v1/admin/tenants/users-race/users", operator).json().get("total").asInt(), is(5));
    }

    @Test
    void shopQuotaRace_parallelCreationsStopAtMaxShops() throws Exception {
        String operator = platform.operator();
        createTenant(operator, "shops-race", "\"max_shops\":3");
        Response admin = platform.postUntilAvailable("/api/sys/v1/admin/tenants/shops-race/users", operator, """
                {"username":"admin","password":"%s","roles":["ADMIN"]}""".formatted(PASSWORD));
        assertThat(admin.toString(), admin.status(), is(201));
        String token = platform.login("shops-race", "admin", PASSWORD);
        // bi-basic must know the tenant's quota before the race (the race is about the quota, not bi-tenant)
        platform.awaitTenantKnownToBasic(token);
        for (int round = 0; round < 5; round++) {
            String prefix = "r" + round + "-";
            List<Response> answers = Race.together(20, i -> platform.basic.post("/api/basic/v1/shops", token, """
                    {"name":"Shop %d","platform":"PDD","source":"MANUAL","external_id":"%s%d"}""".formatted(i, prefix, i)));
            assertQuota(answers, 3, "quota of 3 shops");
            var shops = platform.basic.get("/api/basic/v1/shops", token).json();
            assertThat(shops.get("total").asInt(), is(3));
            if (round < 4) {
                // empty the tenant again for the next round
                for (var shop : shops.get("items")) {
                    assertThat(platform.basic.delete("/api/basic/v1/shops/" + shop.get("id").asLong(), token, null).status(), is(204));
                }
            }
        }
    }
}
