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

/** Issue 12 #19: an API key lives no longer than its creator's account (disabled, deleted or demoted ends it). */
class ApiKeyCreatorTest {
    private static final String PASSWORD = "Key-Creator-Pw-42";
    private static final SysTestServer.FakeTenants TENANTS = new SysTestServer.FakeTenants().add("platform", 100).add("acme", 100);
    private final Http http;
    private final URI uri;

    ApiKeyCreatorTest(WebServer server, URI uri) {
        this.http = new Http(uri);
        this.uri = uri;
    }

    @RegisterExtension
    static final ServiceUnderTest SERVICE = SysTestServer.service(TENANTS, Map.of());

    private String bearer(String tenant, String user, String password) {
        Response response = http.post(LOGIN, null, login(http, tenant, user, password));
        assertThat(response.toString(), response.status(), is(200));
        return "Bearer " + response.json().get("access_token").asText();
    }

    private long createAdmin(String username) {
        Response created = http.post("/api/sys/v1/admin/tenants/acme/users", bearer("platform", "admin", SysTestServer.ADMIN_PASSWORD),
                "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"ADMIN\"]}");
        assertThat(created.toString(), created.status(), is(201));
        return created.json().get("id").asLong();
    }

    private String createKey(String owner, String scope) {
        Response key = http.post("/api/sys/v1/api-keys", owner, "{\"name\":\"sync\",\"scopes\":[\"" + scope + "\"]}");
        assertThat(key.toString(), key.status(), is(201));
        return key.json().get("key").asText();
    }

    private Response exchange(String key) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri.resolve("/api/sys/v1/auth/api-key"))
                .header("X-API-Key", key).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers(), response.body());
    }

    @Test
    void apiKeysOutliveTheirCreator_disabledOrDeletedCreatorEndsTheKey() throws Exception {
        createAdmin("boss");
        long ownerId = createAdmin("keyowner");
        String boss = bearer("acme", "boss", PASSWORD);
        String key = createKey(bearer("acme", "keyowner", PASSWORD), "VIEWER");
        assertThat(exchange(key).status(), is(200));

        assertThat(http.put("/api/sys/v1/users/" + ownerId, boss, "{\"enabled\":false}", null).status(), is(200));
        assertProblem(exchange(key), 401, null, "creator was disabled or deleted");
        assertThat(http.put("/api/sys/v1/users/" + ownerId, boss, "{\"enabled\":true}", null).status(), is(200));
        assertThat("re-enabling the creator brings the key back", exchange(key).status(), is(200));

        assertThat(http.delete("/api/sys/v1/users/" + ownerId, boss, null).status(), is(204));
        assertProblem(exchange(key), 401, null, "creator was disabled or deleted");
    }

    @Test
    void apiKeysOutliveTheirCreator_aDemotedCreatorEndsKeysWithRolesTheyLost() throws Exception {
        createAdmin("boss2");
        long ownerId = createAdmin("keyowner2");
        String owner = bearer("acme", "keyowner2", PASSWORD);
        String adminKey = createKey(owner, "ADMIN");
        String viewerKey = createKey(owner, "VIEWER");
        assertThat(http.put("/api/sys/v1/users/" + ownerId, bearer("acme", "boss2", PASSWORD), "{\"roles\":[\"VIEWER\"]}", null).status(), is(200));
        assertProblem(exchange(adminKey), 401, null, "no longer has the roles");
        assertThat(exchange(viewerKey).status(), is(200));
    }

    @Test
    void apiKeysOutliveTheirCreator_anApiKeyCannotCreateKeys() throws Exception {
        createAdmin("keyowner3");
        String key = createKey(bearer("acme", "keyowner3", PASSWORD), "ADMIN");
        String keyToken = "Bearer " + exchange(key).json().get("access_token").asText();
        assertProblem(http.post("/api/sys/v1/api-keys", keyToken, "{\"name\":\"child\",\"scopes\":[\"VIEWER\"]}"), 403, null,
                "user's token");
    }
}
