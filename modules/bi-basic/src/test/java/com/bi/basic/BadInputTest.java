package com.bi.basic;

import java.net.URI;
import java.util.Map;

import com.bi.common.testing.Http;
import com.bi.common.testing.RefusedTokens;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.Http.Response;
import com.bi.common.testing.TestTokens;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/** Every kind of bad input gets a 4xx problem+json that names the problem; no 500, no stack trace. */
class BadInputTest {
    private static final String SHOPS = "/api/basic/v1/shops";
    private final Http http;
    private final String admin = bearer("tenant-bad", "ADMIN");

    BadInputTest(WebServer server, URI uri) {
        this.http = new Http(uri);
    }

    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new BasicService()).withDatabase().config(Map.of("bi.http.max.body", "4096"));

    private static void assertProblem(Response response, int status, String field, String detailPart) {
        assertThat(response.toString(), response.status(), is(status));
        assertThat(response.contentType(), is("application/problem+json"));
        assertThat(response.json().get("status").asInt(), is(status));
        if (field != null) {
            assertThat(response.toString(), response.json().get("field").asText(), is(field));
        }
        assertThat(response.toString(), response.json().get("detail").asText(), containsString(detailPart));
        assertThat(response.body().contains("Exception"), is(false));
    }

    @Test
    void malformedJson() {
        assertProblem(http.post(SHOPS, admin, "{\"name\": \"x\","), 400, null, "malformed JSON");
        assertProblem(http.post(SHOPS, admin, "[1,2]"), 400, null, "JSON object");
        assertProblem(http.post(SHOPS, admin, "null"), 400, null, "");
    }

    @Test
    void wrongTypesUnknownFieldsAndMissingFields() {
        assertProblem(http.post(SHOPS, admin, """
                {"name":{"a":1},"platform":"JD","source":"MANUAL","external_id":"x"}"""), 400, "name", "wrong type");
        assertProblem(http.post(SHOPS, admin, """
                {"name":"n","platform":"JD","source":"MANUAL","external_id":"x","colour":"red"}"""), 400, "colour", "unknown field");
        assertProblem(http.post(SHOPS, admin, """
                {"name":"n","platform":"JD","source":"MANUAL"}"""), 400, "external_id", "required");
        assertProblem(http.post(SHOPS, admin, """
                {"name":"n","platform":"MARS","source":"MANUAL","external_id":"x"}"""), 400, "platform", "allowed values");
        assertProblem(http.post(SHOPS, admin, """
                {"name":"n","platform":"JD","source":"MANUAL","external_id":"has space"}"""), 400, "external_id", "only letters");
        assertProblem(http.post("/api/basic/v1/dictionaries", admin, """
                {"type":"t","code":"c","label":"l","sort_order":"first"}"""), 400, "sort_order", "");
        assertProblem(http.post("/api/basic/v1/products", admin, """
                {"code":"p","name":"n","skus":[{"code":"s","name":"n","price":1,"colour":"x"}]}"""), 400, "skus[0].colour", "unknown field");
    }

    @Test
    void contentTypeAndBodySize() {
        assertProblem(http.send("POST", SHOPS, admin, "name=x", null, "application/x-www-form-urlencoded"), 415, null, "application/json");
        assertProblem(http.send("POST", SHOPS, admin, null, null, null), 400, null, "body is required");
        String huge = "{\"name\":\"" + "x".repeat(10_000) + "\"}";
        Response tooLarge = http.post(SHOPS, admin, huge);
        assertThat(tooLarge.toString(), tooLarge.status(), is(413));
        assertThat(tooLarge.contentType(), is("application/problem+json"));
    }

    @Test
    void badIdsAndUnknownRoutes() {
        assertProblem(http.get(SHOPS + "/abc", admin), 400, "id", "positive integer");
        assertProblem(http.get(SHOPS + "/-3", admin), 400, "id", "positive integer");
        assertProblem(http.get(SHOPS + "/424242", admin), 404, null, "shop 424242 not found");
        Response unknownRoute = http.get("/api/basic/v1/nothing-here", admin);
        assertThat(unknownRoute.status(), is(404));
        assertThat(unknownRoute.contentType(), is("application/problem+json"));
        assertProblem(http.put(SHOPS + "/1", admin, "{}", "not-an-etag"), 400, "If-Match", "ETag");
    }

    @Test
    void tokens() {
        assertProblem(http.get(SHOPS, null), 401, null, "bearer token is required");
        assertThat(http.get(SHOPS, null).header("WWW-Authenticate"), is("Bearer"));
        assertProblem(http.get(SHOPS, "Basic dXNlcjpwYXNz"), 401, null, "Bearer <jwt>");
        RefusedTokens.of("tenant-bad").forEach((bearer, detail) -> assertProblem(http.get(SHOPS, bearer), 401, null, detail));

        // alg=none: the valid token's claims with the signature stripped
        String valid = TestTokens.token("tenant-bad", "ADMIN");
        String payload = valid.split("\\.")[1];
        String none = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + payload + ".";
        assertProblem(http.get(SHOPS, "Bearer " + none), 401, null, "");

        // a tampered payload (another tenant) with the original signature
        String otherTenant = TestTokens.token("tenant-other", "ADMIN").split("\\.")[1];
        String[] parts = valid.split("\\.");
        assertProblem(http.get(SHOPS, "Bearer " + parts[0] + "." + otherTenant + "." + parts[2]), 401, null, "signature");
    }

    @Test
    void rolesAndTenants() {
        String viewer = bearer("tenant-bad", "VIEWER");
        Response forbidden = http.post(SHOPS, viewer, """
                {"name":"n","platform":"JD","source":"MANUAL","external_id":"v1"}""");
        assertProblem(forbidden, 403, null, "roles");
        assertThat(http.get(SHOPS, viewer).status(), is(200));
        assertThat(http.get(SHOPS, bearer("tenant-bad")).status(), is(403));

        Response created = http.post(SHOPS, admin, """
                {"name":"Mine","platform":"JD","source":"MANUAL","external_id":"iso-1"}""");
        long id = created.json().get("id").asLong();
        String intruder = bearer("tenant-intruder", "ADMIN");
        assertProblem(http.get(SHOPS + "/" + id, intruder), 404, null, "not found");
        assertProblem(http.put(SHOPS + "/" + id, intruder, """
                {"name":"Stolen","platform":"JD","source":"MANUAL","external_id":"iso-1"}""", "\"1\""), 404, null, "not found");
        assertProblem(http.delete(SHOPS + "/" + id, intruder, null), 404, null, "not found");
        assertThat(http.get(SHOPS, intruder).json().get("total").asInt(), is(0));
        assertThat(http.get(SHOPS + "/" + id, admin).json().get("name").asText(), is("Mine"));
        assertThat(http.get(SHOPS + "/" + id, admin).header("X-Request-Id"), notNullValue());
    }
}
