package com.bi.sys;

import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.bi.common.json.Json;
import com.bi.common.security.Caller;
import com.bi.common.testing.Http;
import com.bi.common.testing.RefusedTokens;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.Http.Response;
import com.bi.common.testing.TestTokens;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/** Login, tokens, refresh rotation and reuse, logout, lockout, suspension — against real PostgreSQL. */
class AuthTest {
    static final String LOGIN = "/api/sys/v1/auth/login";
    private static final SysTestServer.FakeTenants TENANTS = new SysTestServer.FakeTenants()
            .add("platform", 100).add("acme", 10).add("frozen", 10);
    private final Http http;

    AuthTest(WebServer server, URI uri) {
        this.http = new Http(uri);
    }

    @RegisterExtension
    static final ServiceUnderTest SERVICE = SysTestServer.service(TENANTS, Map.of());

    static void assertProblem(Response response, int status, String field, String detailPart) {
        assertThat(response.toString(), response.status(), is(status));
        assertThat(response.contentType(), is("application/problem+json"));
        if (field != null) {
            assertThat(response.toString(), response.json().get("field").asText(), is(field));
        }
        assertThat(response.toString(), response.json().get("detail").asText(), containsString(detailPart));
        assertThat(response.body().contains("Exception"), is(false));
    }

    static String login(Http http, String tenant, String user, String password) {
        return "{\"tenant\":\"" + tenant + "\",\"username\":\"" + user + "\",\"password\":\"" + password + "\"}";
    }

    private JsonNode loginOk(String tenant, String user, String password) {
        Response response = http.post(LOGIN, null, login(http, tenant, user, password));
        assertThat(response.toString(), response.status(), is(200));
        return response.json();
    }

    private String operator() {
        return "Bearer " + loginOk("platform", "admin", SysTestServer.ADMIN_PASSWORD).get("access_token").asText();
    }

    private void createUser(String tenant, String username, String password, String... roles) {
        Response created = http.post("/api/sys/v1/admin/tenants/" + tenant + "/users", operator(),
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"roles\":"
                        + Json.MAPPER.valueToTree(List.of(roles)) + "}");
        assertThat(created.toString(), created.status(), is(201));
    }

    @Test
    void bootstrapAdminLogsInAndTheTokenHasThePlatformShape() throws Exception {
        JsonNode tokens = loginOk("platform", "admin", SysTestServer.ADMIN_PASSWORD);
        assertThat(tokens.get("token_type").asText(), is("Bearer"));
        assertThat(tokens.get("expires_in").asInt(), is(900));
        assertThat(tokens.get("refresh_token").asText(), startsWith("rt_"));
        String access = tokens.get("access_token").asText();

        // the kit's verifier (the one every service runs) accepts it
        Caller caller = SERVICE.platform().verifier().verify(access);
        assertThat(caller.tenantId(), is("platform"));
        assertThat(caller.roles().contains("PLATFORM_ADMIN"), is(true));

        String[] parts = access.split("\\.");
        JsonNode header = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(header.get("alg").asText(), is("HS256"));
        assertThat(claims.get("iss").asText(), is("bi-sys"));
        assertThat(claims.get("aud").asText(), is("bi-platform"));
        assertThat(claims.get("key").asText(), is("bi-sys"));
        assertThat(claims.get("tenant_id").asText(), is("platform"));
        assertThat(claims.get("jti"), notNullValue());
        assertThat(claims.get("sid"), notNullValue());
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong(), is(900L));

        JsonNode me = http.get("/api/sys/v1/me", "Bearer " + access).json();
        assertThat(me.get("username").asText(), is("admin"));
        assertThat(me.has("password_hash"), is(false));
    }

    @Test
    void wrongPasswordUnknownUserAndUnknownTenantLookAlike() {
        assertProblem(http.post(LOGIN, null, login(http, "platform", "admin", "Wrong-Password-1")), 401, null, "not correct");
        assertProblem(http.post(LOGIN, null, login(http, "platform", "nobody", "Wrong-Password-1")), 401, null, "not correct");
        assertProblem(http.post(LOGIN, null, login(http, "no-such-tenant", "admin", "Wrong-Password-1")), 401, null, "not correct");
        // the successful login afterwards resets the failure count
        loginOk("platform", "admin", SysTestServer.ADMIN_PASSWORD);
    }

    @Test
    void badLoginBodies() {
        assertProblem(http.post(LOGIN, null, "{\"tenant\":\"acme\",\"username\":\"u\"}"), 400, "password", "required");
        assertProblem(http.post(LOGIN, null, "{\"username\":\"u\",\"password\":\"p\"}"), 400, "tenant", "required");
        assertProblem(http.post(LOGIN, null, "{\"tenant\":\"acme\",\"username\":\"u\",\"password\":\"p\",\"otp\":1}"), 400, "otp", "unknown field");
        assertProblem(http.post(LOGIN, null, "{not json"), 400, null, "malformed JSON");
        assertProblem(http.post("/api/sys/v1/auth/refresh", null, "{\"refresh_token\":\"abc\"}"), 400, "refresh_token", "required");
    }

    @Test
    void controlCharactersInTextFieldsAre400sNot500s() {
        assertProblem(http.post(LOGIN, null, "{\"tenant\":\"acme\",\"username\":\"a\\u0000b\",\"password\":\"p\"}"),
                400, "username", "control characters");
        assertProblem(http.post(LOGIN, null, "{\"tenant\":\"ac\\u0000me\",\"username\":\"ab\",\"password\":\"p\"}"),
                400, "tenant", "control characters");
        assertProblem(http.post(LOGIN, null, "{\"tenant\":\"acme\",\"username\":\"a\\ud800b\",\"password\":\"p\"}"),
                400, "username", "unpaired surrogate");
        String op = operator();
        assertProblem(http.post("/api/sys/v1/admin/tenants/acme/users", op, "{\"username\":\"ctrl1\",\"password\":\"Strong-Pass-Word-1\","
                + "\"roles\":[\"VIEWER\"],\"display_name\":\"x\\u0000y\"}"), 400, "display_name", "control characters");
        assertProblem(http.post("/api/sys/v1/api-keys", op, "{\"name\":\"k\\u0007\",\"scopes\":[\"VIEWER\"]}"),
                400, "name", "control characters");
    }

    @Test
    void lockoutAfterRepeatedFailures() {
        createUser("acme", "locky", "Safe-Passw0rd-77", "VIEWER");
        assertProblem(http.post(LOGIN, null, login(http, "acme", "locky", "bad-1")), 401, null, "not correct");
        assertProblem(http.post(LOGIN, null, login(http, "acme", "locky", "bad-2")), 401, null, "not correct");
        Response third = http.post(LOGIN, null, login(http, "acme", "locky", "bad-3"));
        assertProblem(third, 429, null, "locked");
        assertThat(Integer.parseInt(third.header("Retry-After")) > 0, is(true));
        // even the right password is refused while locked
        assertProblem(http.post(LOGIN, null, login(http, "acme", "locky", "Safe-Passw0rd-77")), 429, null, "locked");

        JsonNode events = http.get("/api/sys/v1/audit?type=ACCOUNT_LOCKED", operatorOf("acme")).json();
        assertThat(events.get("total").asInt(), is(1));
    }

    private String operatorOf(String tenant) {
        createUser(tenant, "adm-" + System.nanoTime() % 100000, "Tenant-Admin-Pw-9", "ADMIN");
        // log in as that admin
        JsonNode list = http.get("/api/sys/v1/admin/tenants/" + tenant + "/users?size=200", operator()).json();
        String name = null;
        for (JsonNode user : list.get("items")) {
            if (user.get("username").asText().startsWith("adm-")) {
                name = user.get("username").asText();
            }
        }
        return "Bearer " + loginOk(tenant, name, "Tenant-Admin-Pw-9").get("access_token").asText();
    }

    @Test
    void refreshRotatesAndReuseRevokesTheSession() {
        JsonNode first = loginOk("platform", "admin", SysTestServer.ADMIN_PASSWORD);
        String refresh1 = first.get("refresh_token").asText();
        Response rotated = http.post("/api/sys/v1/auth/refresh", null, "{\"refresh_token\":\"" + refresh1 + "\"}");
        assertThat(rotated.toString(), rotated.status(), is(200));
        String refresh2 = rotated.json().get("refresh_token").asText();
        assertThat(refresh2, not(is(refresh1)));
        assertThat(SERVICE.platform().verifier().verify(rotated.json().get("access_token").asText()).tenantId(), is("platform"));

        // the spent token again: reuse → 401, and the whole session (refresh2 too) is revoked
        assertProblem(http.post("/api/sys/v1/auth/refresh", null, "{\"refresh_token\":\"" + refresh1 + "\"}"), 401, null, "already used");
        assertProblem(http.post("/api/sys/v1/auth/refresh", null, "{\"refresh_token\":\"" + refresh2 + "\"}"), 401, null, "revoked");
        assertProblem(http.post("/api/sys/v1/auth/refresh", null, "{\"refresh_token\":\"rt_" + "x".repeat(43) + "\"}"), 401, null, "not valid");

        JsonNode reused = http.get("/api/sys/v1/audit?type=REFRESH_TOKEN_REUSED", operator()).json();
        assertThat(reused.get("total").asInt() >= 1, is(true));
    }

    @Test
    void logoutRevokesTheRefreshToken() {
        String refresh = loginOk("platform", "admin", SysTestServer.ADMIN_PASSWORD).get("refresh_token").asText();
        Response out = http.post("/api/sys/v1/auth/logout", null, "{\"refresh_token\":\"" + refresh + "\"}");
        assertThat(out.status(), is(204));
        assertProblem(http.post("/api/sys/v1/auth/refresh", null, "{\"refresh_token\":\"" + refresh + "\"}"), 401, null, "revoked");
    }

    @Test
    void suspendedTenantCannotLogInAndItsTokensAreRefused() {
        createUser("frozen", "ice", "Frozen-Password-1", "ADMIN");
        String token = "Bearer " + loginOk("frozen", "ice", "Frozen-Password-1").get("access_token").asText();
        assertThat(http.get("/api/sys/v1/me", token).status(), is(200));
        TENANTS.suspend("frozen", true);
        try {
            assertProblem(http.post(LOGIN, null, login(http, "frozen", "ice", "Frozen-Password-1")), 403, null, "suspended");
            assertProblem(http.get("/api/sys/v1/me", token), 403, null, "suspended");
        } finally {
            TENANTS.suspend("frozen", false);
        }
        assertThat(http.get("/api/sys/v1/me", token).status(), is(200));
    }

    @Test
    void badTokens() {
        String path = "/api/sys/v1/me";
        assertProblem(http.get(path, null), 401, null, "bearer token is required");
        RefusedTokens.of("platform").forEach((bearer, detail) -> assertProblem(http.get(path, bearer), 401, null, detail));
        String payload = TestTokens.token("platform", "ADMIN").split("\\.")[1];
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + payload + ".";
        assertProblem(http.get(path, "Bearer " + none), 401, null, "");
        // a real bi-sys token with its payload swapped for another tenant's
        String real = loginOk("platform", "admin", SysTestServer.ADMIN_PASSWORD).get("access_token").asText();
        String[] parts = real.split("\\.");
        String evil = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"platform\"", "\"acme\"").getBytes());
        assertProblem(http.get(path, "Bearer " + parts[0] + "." + evil + "." + parts[2]), 401, null, "signature");
    }
}
