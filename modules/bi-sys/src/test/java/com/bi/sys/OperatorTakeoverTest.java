package com.bi.sys;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.Http.Response;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.sys.AuthTest.LOGIN;
import static com.bi.sys.AuthTest.assertProblem;
import static com.bi.sys.AuthTest.login;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Issue 12 #7, operator takeover: a tenant ADMIN of the operator tenant {@code platform}, or an ADMIN-scoped API
 * key, must not update, reset the password of, unlock or delete a PLATFORM_ADMIN; a PLATFORM_ADMIN may.
 */
class OperatorTakeoverTest {
    private static final String PASSWORD = "Platform-Admin-Pw-9";
    private static final SysTestServer.FakeTenants TENANTS = new SysTestServer.FakeTenants().add("platform", 100);
    private final Http http;
    private final URI uri;

    OperatorTakeoverTest(WebServer server, URI uri) {
        this.http = new Http(uri);
        this.uri = uri;
    }

    @RegisterExtension
    static final ServiceUnderTest SERVICE = SysTestServer.service(TENANTS, Map.of());

    private String bearer(String user, String password) {
        Response response = http.post(LOGIN, null, login(http, "platform", user, password));
        assertThat(response.toString(), response.status(), is(200));
        return "Bearer " + response.json().get("access_token").asText();
    }

    private long create(String operator, String username, String role) {
        Response created = http.post("/api/sys/v1/users", operator,
                "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"" + role + "\"]}");
        assertThat(created.toString(), created.status(), is(201));
        return created.json().get("id").asLong();
    }

    private String apiKeyToken(String admin) throws Exception {
        Response key = http.post("/api/sys/v1/api-keys", admin, "{\"name\":\"automation\",\"scopes\":[\"ADMIN\"]}");
        assertThat(key.toString(), key.status(), is(201));
        HttpResponse<String> exchanged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri.resolve("/api/sys/v1/auth/api-key"))
                .header("X-API-Key", key.json().get("key").asText()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(exchanged.body(), exchanged.statusCode(), is(200));
        return "Bearer " + new Response(200, exchanged.headers(), exchanged.body()).json().get("access_token").asText();
    }

    private void refusedEveryVerb(String caller, long operatorId) {
        String user = "/api/sys/v1/users/" + operatorId;
        assertProblem(http.put(user, caller, "{\"display_name\":\"owned\"}", null), 403, null, "PLATFORM_ADMIN");
        assertProblem(http.put(user, caller, "{\"roles\":[\"VIEWER\"]}", null), 403, null, "PLATFORM_ADMIN");
        assertProblem(http.put(user, caller, "{\"enabled\":false}", null), 403, null, "PLATFORM_ADMIN");
        assertProblem(http.post(user + "/password", caller, "{\"new_password\":\"Taken-Over-Pw-77\"}"), 403, null, "PLATFORM_ADMIN");
        assertProblem(http.post(user + "/unlock", caller, "{}"), 403, null, "PLATFORM_ADMIN");
        assertProblem(http.delete(user, caller, null), 403, null, "PLATFORM_ADMIN");
    }

    @Test
    void operatorTakeover_tenantAdminsAndAdminKeysCannotTouchAPlatformAdmin() throws Exception {
        String operator = bearer("admin", SysTestServer.ADMIN_PASSWORD);
        long operatorId = http.get("/api/sys/v1/me", operator).json().get("id").asLong();
        create(operator, "helpdesk", "ADMIN");
        long viewer = create(operator, "watcher", "VIEWER");
        String helpdesk = bearer("helpdesk", PASSWORD);

        refusedEveryVerb(helpdesk, operatorId);
        refusedEveryVerb(apiKeyToken(helpdesk), operatorId);

        // nothing changed: same roles, same password, enabled, no failure count
        var me = http.get("/api/sys/v1/me", bearer("admin", SysTestServer.ADMIN_PASSWORD)).json();
        assertThat(me.get("roles").toString(), is("[\"PLATFORM_ADMIN\"]"));
        assertThat(me.get("display_name").asText(), is("Platform administrator"));
        assertThat(me.get("enabled").asBoolean(), is(true));

        // the tenant ADMIN still manages the tenant's other users; a PLATFORM_ADMIN still manages operators
        Response renamed = http.put("/api/sys/v1/users/" + viewer, helpdesk, "{\"display_name\":\"Watcher\"}", null);
        assertThat(renamed.toString(), renamed.status(), is(200));
        long second = create(operator, "operator2", "PLATFORM_ADMIN");
        Response byOperator = http.put("/api/sys/v1/users/" + second, operator, "{\"display_name\":\"Second operator\"}", null);
        assertThat(byOperator.toString(), byOperator.status(), is(200));
        assertThat(http.post("/api/sys/v1/users/" + second + "/password", operator, "{\"new_password\":\"Reset-By-Operator-1\"}").status(), is(204));
        assertThat(http.delete("/api/sys/v1/users/" + second, operator, null).status(), is(204));
    }
}
