package com.bi.sys;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import com.bi.common.openapi.OpenApiContract;
import com.bi.common.openapi.OpenApiDocumentChecks;
import com.bi.common.openapi.OpenApiContract.Call;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.Http;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * bi-sys's OpenAPI document against bi-sys: it lints, it names exactly the routes its wiring registers
 * (the four /auth operations as the public ones), it is served at {@code /openapi}, and real requests to a
 * PostgreSQL-backed server — every operation and its refusals — are requests and responses the document describes.
 */
class OpenApiContractTest implements OpenApiDocumentChecks {
    private static final String TENANT = "oa-sys";
    private static final SysTestServer.FakeTenants TENANTS = new SysTestServer.FakeTenants().add("platform", 100).add(TENANT, 100);
    @RegisterExtension
    static final ServiceUnderTest SERVICE = SysTestServer.service(TENANTS, Map.of());
    private static final String P = "/api/sys/v1";
    private final OpenApiContract contract;

    OpenApiContractTest(WebServer server, URI uri) {
        this.contract = OpenApiContract.load().at(uri);
    }

    @Override
    public ServiceUnderTest service() {
        return SERVICE;
    }

    private Http.Response login(String tenant, String user, String password, int status) {
        return contract.call(Call.post(P + "/auth/login", null, """
                {"tenant":"%s","username":"%s","password":"%s"}""".formatted(tenant, user, password)), status);
    }

    @Test
    void everyOperationAnswersAsDocumented() {
        String operator = "Bearer " + login("platform", "admin", SysTestServer.ADMIN_PASSWORD, 200).json().get("access_token").asText();
        login("platform", "admin", "wrong-password-123", 401);
        String firstAdmin = """
                {"username":"oa-admin","password":"Contract-Admin-Pw-1","display_name":"First admin","roles":["ADMIN"]}""";
        contract.call(Call.post(P + "/admin/tenants/" + TENANT + "/users", operator, firstAdmin), 201);
        contract.call(Call.post(P + "/admin/tenants/" + TENANT + "/users", operator, firstAdmin), 409);
        contract.call(Call.get(P + "/admin/tenants/" + TENANT + "/users?page=1&size=10", operator), 200);

        Http.Response tokens = login(TENANT, "OA-Admin", "Contract-Admin-Pw-1", 200);
        String admin = "Bearer " + tokens.json().get("access_token").asText();
        String refresh = tokens.json().get("refresh_token").asText();
        String next = contract.call(Call.post(P + "/auth/refresh", null, "{\"refresh_token\":\"" + refresh + "\"}"), 200)
                .json().get("refresh_token").asText();
        contract.call(Call.post(P + "/auth/refresh", null, "{\"refresh_token\":\"" + refresh + "\"}"), 401);
        contract.call(Call.post(P + "/auth/logout", null, "{\"refresh_token\":\"" + next + "\"}"), 204);
        contract.call(Call.get(P + "/me", admin), 200);

        Http.Response user = contract.call(Call.post(P + "/users", admin, """
                {"username":"oa-viewer","password":"Contract-Viewer-Pw-1","roles":["VIEWER"]}"""), 201);
        String one = P + "/users/" + user.json().get("id").asLong();
        contract.call(Call.get(P + "/users", admin), 200);
        contract.call(Call.get(one, admin), 200);
        contract.call(Call.put(one, admin, "{\"display_name\":\"Viewer\",\"roles\":[\"VIEWER\",\"ANALYST\"],\"enabled\":true}"), 200);
        contract.call(Call.post(one + "/password", admin, "{\"new_password\":\"Contract-Reset-Pw-22\"}"), 204);
        contract.call(Call.post(one + "/unlock", admin, null), 200);
        String viewer = "Bearer " + login(TENANT, "oa-viewer", "Contract-Reset-Pw-22", 200).json().get("access_token").asText();
        contract.call(Call.post(P + "/me/password", viewer, """
                {"current_password":"Contract-Reset-Pw-22","new_password":"Contract-Own-Pw-333"}"""), 204);
        contract.call(Call.get(P + "/users", viewer), 403);
        contract.call(Call.delete(one, admin), 204);
        contract.call(Call.get(one, admin), 404);

        Http.Response key = contract.call(Call.post(P + "/api-keys", admin, "{\"name\":\"ci\",\"scopes\":[\"VIEWER\"],\"expires_in_days\":30}"), 201);
        contract.call(Call.get(P + "/api-keys", admin), 200);
        contract.call(new Call("POST", P + "/auth/api-key", null, null, Map.of("X-API-Key", key.json().get("key").asText())), 200);
        contract.call(Call.delete(P + "/api-keys/" + key.json().get("id").asLong(), admin), 204);
        contract.call(new Call("POST", P + "/auth/api-key", null, null, Map.of("X-API-Key", key.json().get("key").asText())), 401);
        contract.call(Call.get(P + "/audit?type=login_succeeded&size=5", admin), 200);

        contract.refused(Call.post(P + "/auth/login", null, "{\"tenant\":\"" + TENANT + "\",\"username\":\"x\"}"), 400);
        contract.refused(Call.post(P + "/auth/refresh", null, "{\"refresh_token\":\"nope\"}"), 400);
        contract.refused(new Call("POST", P + "/auth/api-key", null, null, Map.of()), 401);
        contract.refused(Call.post(P + "/users", admin, "{\"username\":\"x\",\"password\":\"p\",\"roles\":[\"GOD\"]}"), 400);
        contract.refused(Call.get(P + "/audit?colour=red", admin), 400);
        contract.refused(Call.get(P + "/admin/tenants/NOT_A_CODE/users", operator), 400);
        contract.refused(Call.get(P + "/me", null), 401);
        assertEquals(Set.of(), contract.unexercised(), "documented operations this test never called");
    }
}
