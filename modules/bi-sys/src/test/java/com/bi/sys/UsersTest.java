package com.bi.sys;

import java.net.URI;
import java.util.Map;

import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.Http.Response;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.sys.AuthTest.LOGIN;
import static com.bi.sys.AuthTest.assertProblem;
import static com.bi.sys.AuthTest.login;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/** Users, roles, quotas, passwords, API keys and the audit log; tenant isolation inside bi-sys. */
class UsersTest {
    private static final SysTestServer.FakeTenants TENANTS = new SysTestServer.FakeTenants()
            .add("platform", 100).add("tenant-a", 10).add("tenant-b", 10).add("full", 1);
    private final Http http;
    private final URI uri;

    UsersTest(WebServer server, URI uri) {
        this.uri = uri;
        this.http = new Http(uri);
    }

    @RegisterExtension
    static final ServiceUnderTest SERVICE = SysTestServer.service(TENANTS, Map.of());

    private String bearer(String tenant, String user, String password) {
        Response response = http.post(LOGIN, null, login(http, tenant, user, password));
        assertThat(response.toString(), response.status(), is(200));
        return "Bearer " + response.json().get("access_token").asText();
    }

    static String pw(String username) {
        return "Good-Pass-42-" + username.length() + "x";
    }

    private String operator() {
        return bearer("platform", "admin", SysTestServer.ADMIN_PASSWORD);
    }

    private Response createIn(String tenant, String username, String roles) {
        return http.post("/api/sys/v1/admin/tenants/" + tenant + "/users", operator(),
                "{\"username\":\"" + username + "\",\"password\":\"" + pw(username) + "\",\"roles\":" + roles + "}");
    }

    @Test
    void tenantAdminsManageTheirUsersAndNobodyElses() {
        assertThat(createIn("tenant-a", "alice", "[\"ADMIN\"]").status(), is(201));
        assertThat(createIn("tenant-b", "bob", "[\"ADMIN\"]").status(), is(201));
        String alice = bearer("tenant-a", "alice", pw("alice"));
        String bob = bearer("tenant-b", "bob", pw("bob"));

        Response carol = http.post("/api/sys/v1/users", alice, """
                {"username":"carol","password":"Analyst-Pw-2024!","roles":["ANALYST"],"display_name":"Carol"}""");
        assertThat(carol.toString(), carol.status(), is(201));
        long carolId = carol.json().get("id").asLong();
        assertThat(carol.json().has("password_hash"), is(false));

        // duplicate username in the same tenant: 409; the same name in another tenant is fine
        assertProblem(http.post("/api/sys/v1/users", alice, """
                {"username":"carol","password":"Analyst-Pw-2024!","roles":["VIEWER"]}"""), 409, null, "already exists");
        assertThat(http.post("/api/sys/v1/users", bob, """
                {"username":"carol","password":"Analyst-Pw-2024!","roles":["VIEWER"]}""").status(), is(201));

        // isolation: bob never sees or changes alice's users
        assertProblem(http.get("/api/sys/v1/users/" + carolId, bob), 404, null, "not found");
        assertProblem(http.put("/api/sys/v1/users/" + carolId, bob, "{\"roles\":[\"ADMIN\"]}", null), 404, null, "not found");
        assertProblem(http.post("/api/sys/v1/users/" + carolId + "/password", bob, "{\"new_password\":\"Hijack-Pass-123\"}"), 404, null, "not found");
        assertProblem(http.delete("/api/sys/v1/users/" + carolId, bob, null), 404, null, "not found");
        for (JsonNode user : http.get("/api/sys/v1/users", bob).json().get("items")) {
            assertThat(user.get("tenant_id").asText(), is("tenant-b"));
        }

        // roles: an ANALYST cannot manage users; a VIEWER neither
        String carolToken = bearer("tenant-a", "carol", "Analyst-Pw-2024!");
        assertProblem(http.get("/api/sys/v1/users", carolToken), 403, null, "roles");
        assertProblem(http.post("/api/sys/v1/users", carolToken, "{\"username\":\"x1x\",\"password\":\"Whatever-Pw-12\",\"roles\":[\"ADMIN\"]}"), 403, null, "roles");
        assertProblem(http.get("/api/sys/v1/admin/tenants/tenant-b/users", alice), 403, null, "PLATFORM_ADMIN");
        assertThat(http.get("/api/sys/v1/me", carolToken).json().get("display_name").asText(), is("Carol"));

        // role change is audited
        Response promoted = http.put("/api/sys/v1/users/" + carolId, alice, "{\"roles\":[\"ADMIN\",\"ANALYST\"]}", null);
        assertThat(promoted.toString(), promoted.status(), is(200));
        JsonNode audit = http.get("/api/sys/v1/audit?type=ROLES_CHANGED", alice).json();
        assertThat(audit.get("total").asInt(), is(1));
        assertThat(http.get("/api/sys/v1/audit?type=ROLES_CHANGED", bob).json().get("total").asInt(), is(0));

        // an ADMIN cannot hand out PLATFORM_ADMIN
        assertProblem(http.post("/api/sys/v1/users", alice, "{\"username\":\"evil\",\"password\":\"Evil-Password-12\",\"roles\":[\"PLATFORM_ADMIN\"]}"),
                400, "roles", "PLATFORM_ADMIN");
        assertProblem(http.put("/api/sys/v1/users/" + carolId, alice, "{\"roles\":[\"PLATFORM_ADMIN\"]}", null), 400, "roles", "PLATFORM_ADMIN");
    }

    @Test
    void weakPasswordsAndBadBodies() {
        String op = operator();
        String path = "/api/sys/v1/admin/tenants/tenant-b/users";
        assertProblem(http.post(path, op, "{\"username\":\"weak1\",\"password\":\"short\",\"roles\":[\"VIEWER\"]}"), 400, "password", "at least 12");
        assertProblem(http.post(path, op, "{\"username\":\"weak2\",\"password\":\"alllowercaseletters\",\"roles\":[\"VIEWER\"]}"), 400, "password", "too weak");
        assertProblem(http.post(path, op, "{\"username\":\"weak3\",\"password\":\"Password123!\",\"roles\":[\"VIEWER\"]}"), 400, "password", "too common");
        assertProblem(http.post(path, op, "{\"username\":\"weakling\",\"password\":\"Weakling-2024!\",\"roles\":[\"VIEWER\"]}"), 400, "password", "username");
        assertProblem(http.post(path, op, "{\"username\":\"x y\",\"password\":\"Strong-Pass-Word-1\",\"roles\":[\"VIEWER\"]}"), 400, "username", "letters");
        assertProblem(http.post(path, op, "{\"username\":\"norole\",\"password\":\"Strong-Pass-Word-1\",\"roles\":[]}"), 400, "roles", "required");
        assertProblem(http.post(path, op, "{\"username\":\"badrole\",\"password\":\"Strong-Pass-Word-1\",\"roles\":[\"GOD\"]}"), 400, "roles", "unknown role");
        assertProblem(http.post("/api/sys/v1/admin/tenants/ghost/users", op, "{\"username\":\"ghost1\",\"password\":\"Strong-Pass-Word-1\",\"roles\":[\"VIEWER\"]}"), 404, null, "tenant ghost");
        assertProblem(http.get("/api/sys/v1/users/abc", op), 400, "id", "positive integer");
        assertProblem(http.get("/api/sys/v1/audit?type=NOPE", op), 400, "type", "one of");
    }

    @Test
    void userQuotaFromBiTenant() {
        assertThat(createIn("full", "only", "[\"ADMIN\"]").status(), is(201));
        assertProblem(createIn("full", "second", "[\"VIEWER\"]"), 409, null, "quota of 1 users");
    }

    @Test
    void passwordChangeAndAdminReset() {
        assertThat(createIn("tenant-a", "dave", "[\"VIEWER\"]").status(), is(201));
        String dave = bearer("tenant-a", "dave", pw("dave"));
        assertProblem(http.post("/api/sys/v1/me/password", dave, "{\"current_password\":\"wrong\",\"new_password\":\"Fresh-Secret-77!\"}"), 400, "current_password", "not correct");
        assertProblem(http.post("/api/sys/v1/me/password", dave, "{\"current_password\":\"" + pw("dave") + "\",\"new_password\":\"weak\"}"), 400, "new_password", "at least");
        assertThat(http.post("/api/sys/v1/me/password", dave, "{\"current_password\":\"" + pw("dave") + "\",\"new_password\":\"Fresh-Secret-77!\"}").status(), is(204));
        assertProblem(http.post(LOGIN, null, login(http, "tenant-a", "dave", pw("dave"))), 401, null, "not correct");
        String daveAgain = bearer("tenant-a", "dave", "Fresh-Secret-77!");
        long daveId = http.get("/api/sys/v1/me", daveAgain).json().get("id").asLong();

        assertThat(createIn("tenant-a", "erin", "[\"ADMIN\"]").status(), is(201));
        String erin = bearer("tenant-a", "erin", pw("erin"));
        assertThat(http.post("/api/sys/v1/users/" + daveId + "/password", erin, "{\"new_password\":\"Reset-By-Erin-7\"}").status(), is(204));
        bearer("tenant-a", "dave", "Reset-By-Erin-7");
        assertThat(http.get("/api/sys/v1/audit?type=PASSWORD_RESET", erin).json().get("total").asInt(), is(1));
    }

    @Test
    void apiKeysAreShownOnceScopedAndRevocable() {
        assertThat(createIn("tenant-b", "keymaster", "[\"ADMIN\"]").status(), is(201));
        String admin = bearer("tenant-b", "keymaster", pw("keymaster"));
        Response created = http.post("/api/sys/v1/api-keys", admin, "{\"name\":\"erp sync\",\"scopes\":[\"VIEWER\"]}");
        assertThat(created.toString(), created.status(), is(201));
        String key = created.json().get("key").asText();
        long id = created.json().get("id").asLong();
        assertThat(key, startsWith("bik_"));

        JsonNode listed = http.get("/api/sys/v1/api-keys", admin).json().get("items").get(0);
        assertThat(listed.has("key"), is(false));
        assertThat(listed.has("key_hash"), is(false));
        assertThat(listed.get("last_used_at").isNull(), is(true));

        Response exchanged = http.send("POST", "/api/sys/v1/auth/api-key", null, null, null, null);
        assertProblem(exchanged, 401, null, "X-API-Key");
        Response token = postWithKey(key);
        assertThat(token.toString(), token.status(), is(200));
        var caller = SERVICE.platform().verifier().verify(token.json().get("access_token").asText());
        assertThat(caller.tenantId(), is("tenant-b"));
        assertThat(caller.roles(), is(java.util.Set.of("VIEWER")));
        assertThat(http.get("/api/sys/v1/api-keys", admin).json().get("items").get(0).get("last_used_at").isNull(), is(false));
        assertProblem(postWithKey(key.substring(0, key.length() - 2) + "xx"), 401, null, "not valid");

        // another tenant cannot revoke it; its owner can
        assertThat(createIn("tenant-a", "other", "[\"ADMIN\"]").status(), is(201));
        String other = bearer("tenant-a", "other", pw("other"));
        assertProblem(http.delete("/api/sys/v1/api-keys/" + id, other, null), 404, null, "not found");
        assertThat(http.delete("/api/sys/v1/api-keys/" + id, admin, null).status(), is(204));
        assertProblem(postWithKey(key), 401, null, "revoked");
        assertThat(http.get("/api/sys/v1/audit?type=API_KEY_CREATED", admin).json().get("total").asInt(), is(1));
        assertThat(http.get("/api/sys/v1/audit?type=API_KEY_REVOKED", admin).json().get("total").asInt(), is(1));
        assertProblem(http.post("/api/sys/v1/api-keys", admin, "{\"name\":\"x\",\"scopes\":[\"PLATFORM_ADMIN\"]}"), 400, "scopes", "PLATFORM_ADMIN");
    }

    private Response postWithKey(String key) {
        try {
            var client = java.net.http.HttpClient.newHttpClient();
            var request = java.net.http.HttpRequest.newBuilder(uri.resolve("/api/sys/v1/auth/api-key"))
                    .header("X-API-Key", key).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build();
            var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
