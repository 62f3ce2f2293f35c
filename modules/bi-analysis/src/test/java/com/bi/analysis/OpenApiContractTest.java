package com.bi.analysis;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.bi.common.openapi.OpenApiContract;
import com.bi.common.openapi.OpenApiContract.Call;
import com.bi.common.openapi.RecordedRoutes;
import com.bi.common.testing.Http;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static com.bi.common.testing.TestTokens.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * bi-analysis's OpenAPI document against bi-analysis: it lints, it names exactly the routes {@link Main#routing}
 * registers, it is served at {@code /openapi}, and real requests to a PostgreSQL-backed server — every operation and
 * its refusals — are requests and responses the document describes.
 */
@ServerTest
class OpenApiContractTest {
    private static final String P = "/api/analysis/v1";
    private static AnalysisTestServer.Started started;
    private final OpenApiContract contract;
    private final String admin = bearer("openapi-analysis", "ADMIN");
    private final String viewer = bearer("openapi-analysis", "VIEWER");

    OpenApiContractTest(WebServer server, URI uri) {
        started.kit().attach(server);
        this.contract = OpenApiContract.load().at(uri);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        started = AnalysisTestServer.configure(server, Map.of());
    }

    @AfterAll
    static void stop() {
        started.kit().close();
    }

    @Test
    void documentLints() {
        assertEquals(List.of(), contract.lint());
    }

    @Test
    void documentNamesExactlyTheRegisteredRoutes() {
        Set<String> routes = RecordedRoutes.of(routing -> Main.routing(routing, started.analysis()));
        assertEquals(Set.of(), contract.undocumented(routes), "routes the document does not describe");
        assertEquals(Set.of(), contract.unrouted(routes), "documented operations no route serves");
        assertEquals(Set.of(), contract.open(), "bi-analysis has no public operation");
    }

    @Test
    void servedAtOpenapiWithoutAToken() {
        contract.assertServed();
    }

    @Test
    void everyOperationAnswersAsDocumented() {
        contract.call(Call.post(P + "/query", viewer, """
                {"metrics":["gmv","orders"],"dimensions":["day","shop"],"from":"2024-06-10","to":"2024-06-11","compare":"previous_period"}"""), 200);
        contract.call(Call.post(P + "/query", viewer, """
                {"metrics":["gmv"],"from":"2024-06-10","to":"2024-06-11"}"""), 200);
        contract.call(Call.get(P + "/settings", viewer), 200);
        contract.call(Call.put(P + "/settings", admin, "{\"time_zone\":\"Asia/Shanghai\"}"), 200);
        Http.Response changed = contract.call(Call.put(P + "/settings", admin, "{\"time_zone\":\"Europe/Berlin\"}"), 202);
        contract.call(Call.get(changed.header("Location"), viewer), 200);
        contract.call(Call.post(P + "/rollups/rebuild", admin, null), 202);
        contract.call(Call.post(P + "/rollups/rebuild", viewer, null), 403);
        AnalysisTestServer.awaitJob(new Http(contract.baseUri()), admin, changed.json().get("rollup_job").get("id").asLong());
        contract.call(Call.get(P + "/settings", viewer), 200);
        contract.call(Call.get(P + "/rollups/jobs/987654", viewer), 404);
        contract.call(Call.get(P + "/orders/leke/no-such-order", viewer), 404);
        contract.call(Call.get(P + "/rejects?limit=10", admin), 200);
        contract.call(Call.post(P + "/query", viewer, """
                {"metrics":["no_such_metric"],"from":"2024-06-10","to":"2024-06-11"}"""), 400);

        contract.refused(Call.post(P + "/query", viewer, "{\"metrics\":[\"gmv\"],\"from\":\"2024-06-10\"}"), 400);
        contract.refused(Call.post(P + "/query", viewer, "{\"metrics\":[\"gmv\"],\"from\":\"2024-06-10\",\"to\":\"2024-06-11\",\"x\":1}"), 400);
        contract.refused(Call.get(P + "/rejects?limit=0", admin), 400);
        contract.refused(Call.get(P + "/rollups/jobs/0", viewer), 400);
        contract.refused(Call.get(P + "/settings", null), 401);
        assertEquals(Set.of(), contract.unexercised(), "documented operations this test never called");
    }
}
