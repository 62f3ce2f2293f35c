package com.bi.analysis;

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

import static com.bi.common.testing.TestTokens.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * bi-analysis's OpenAPI document against bi-analysis: it lints, it names exactly the routes its wiring
 * registers, it is served at {@code /openapi}, and real requests to a PostgreSQL-backed server — every operation and
 * its refusals — are requests and responses the document describes.
 */
class OpenApiContractTest implements OpenApiDocumentChecks {
    @RegisterExtension
    static final ServiceUnderTest SERVICE = AnalysisTestServer.service(Map.of());
    private static final String P = "/api/analysis/v1";
    private final OpenApiContract contract;
    private final String admin = bearer("openapi-analysis", "ADMIN");
    private final String viewer = bearer("openapi-analysis", "VIEWER");

    OpenApiContractTest(WebServer server, URI uri) {
        this.contract = OpenApiContract.load().at(uri);
    }

    @Override
    public ServiceUnderTest service() {
        return SERVICE;
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
