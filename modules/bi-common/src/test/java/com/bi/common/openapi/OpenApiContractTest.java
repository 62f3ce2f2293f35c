package com.bi.common.openapi;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.bi.common.openapi.OpenApiContract.Call;
import com.bi.common.web.JsonBodies;
import io.helidon.http.PathMatchers;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The contract check itself: each of its checks fails on the mismatch it is there for. */
class OpenApiContractTest {
    private static final String DOC = """
            openapi: 3.0.3
            info: {title: t, version: v1}
            security: [{bearer: []}]
            paths:
              /api/t/v1/things/{id}:
                get:
                  operationId: getThing
                  summary: Read a thing
                  tags: [Things]
                  security: []
                  parameters: [{name: id, in: path, required: true, schema: {type: integer, minimum: 1}}]
                  responses:
                    '200':
                      description: OK
                      content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}
                    '404': {$ref: '#/components/responses/NotFound'}
            components:
              securitySchemes: {bearer: {type: http, scheme: bearer, bearerFormat: JWT}}
              responses:
                NotFound:
                  description: no such thing
                  content: {application/problem+json: {schema: {$ref: '#/components/schemas/Problem'}}}
              schemas:
                Problem: {type: object}
                Thing:
                  type: object
                  additionalProperties: false
                  required: [id, name]
                  properties: {id: {type: integer}, name: {type: string}}
            """;
    private static WebServer server;

    @BeforeAll
    static void start() {
        // id 1 answers as documented; id 0 with a documented problem; id 2 with a field of the wrong type; id 3 with a field the document does not
        // have; id 4 with a status the document does not have
        server = WebServer.builder().host("127.0.0.1").port(0).routing(r -> r.get("/api/t/v1/things/{id}", (req, res) -> {
            String id = req.path().pathParameters().get("id");
            switch (id) {
                case "1" -> JsonBodies.send(res, Map.of("id", 1, "name", "one"));
                case "2" -> JsonBodies.send(res, Map.of("id", "two", "name", "two"));
                case "3" -> JsonBodies.send(res, Map.of("id", 3, "name", "three", "secret", "x"));
                case "0" -> res.status(404).header("Content-Type", "application/problem+json").send("{}");
                default -> res.status(409).send();
            }
        })).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static OpenApiContract contract() {
        return OpenApiContract.of(DOC).at(java.net.URI.create("http://127.0.0.1:" + server.port()));
    }

    @Test
    void aDocumentedExchangePassesAndCounts() {
        OpenApiContract contract = contract();
        assertEquals(Set.of("GET /api/t/v1/things/{id}"), contract.unexercised());
        contract.call(Call.get("/api/t/v1/things/1", null), 200);
        assertEquals(Set.of(), contract.unexercised());
    }

    @Test
    void aResponseTheDocumentDoesNotDescribeFails() {
        OpenApiContract contract = contract();
        assertThat(assertThrows(AssertionError.class, () -> contract.call(Call.get("/api/t/v1/things/2", null), 200)).getMessage(),
                containsString("validation.response.body"));
        assertThat(assertThrows(AssertionError.class, () -> contract.call(Call.get("/api/t/v1/things/3", null), 200)).getMessage(),
                containsString("secret"));
        assertThat(assertThrows(AssertionError.class, () -> contract.call(Call.get("/api/t/v1/things/4", null), 409)).getMessage(),
                containsString("validation.response.status.unknown"));
    }

    @Test
    void aRefusalOfARequestTheDocumentAllowsFails() {
        OpenApiContract contract = contract();
        contract.refused(Call.get("/api/t/v1/things/0", null), 404); // minimum 1: the document rules 0 out
        assertThat(assertThrows(AssertionError.class, () -> contract.refused(Call.get("/api/t/v1/things/1", null), 200)).getMessage(),
                containsString("the document allows this request"));
    }

    @Test
    void lintNamesWhatIsMissing() {
        List<String> problems = OpenApiContract.of(DOC.replace("      security: []\n", "")).lint();
        assertThat(problems, hasItem("GET /api/t/v1/things/{id}: a secured operation answers 401 without a valid token; document it"));
        assertThat(OpenApiContract.of(DOC.replace("bearerFormat: JWT", "bearerFormat: opaque")).lint(),
                hasItem("components.securitySchemes.bearer must be {type: http, scheme: bearer, bearerFormat: JWT}"));
        assertEquals(List.of(), OpenApiContract.of(DOC).lint());
    }

    @Test
    void recordedRoutesFollowNestedServicesAndRefuseHiddenOnes() {
        HttpService nested = rules -> rules.get("/", (req, res) -> { }).post("/{id}/go", (req, res) -> { });
        assertEquals(Set.of("GET /api/x", "POST /api/x/{id}/go", "DELETE /top"),
                RecordedRoutes.of(r -> r.register("/api/x", nested).delete("/top", (req, res) -> { })));
        assertThrows(AssertionError.class, () -> RecordedRoutes.of(r -> r.route(io.helidon.http.Method.GET, PathMatchers.any(), (req, res) -> { })));
    }
}
