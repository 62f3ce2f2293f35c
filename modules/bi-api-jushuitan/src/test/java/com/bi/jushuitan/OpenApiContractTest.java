package com.bi.jushuitan;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.bi.common.openapi.OpenApiContract;
import com.bi.common.openapi.OpenApiDocumentChecks;
import com.bi.common.openapi.OpenApiContract.Call;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.Http;
import com.bi.orders.OrderEvent;
import com.bi.orders.sink.OrderSink;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * bi-api-jushuitan's OpenAPI document against bi-api-jushuitan: it lints, it names exactly the routes
 * its wiring registers, it is served at {@code /openapi}, and real requests to a PostgreSQL-backed server —
 * every operation and its refusals — are requests and responses the document describes. No worker runs: triggered
 * jobs stay queued, which is what the trigger operations answer.
 */
class OpenApiContractTest implements OpenApiDocumentChecks {
    /** No worker runs here: nothing is ever published. */
    private static final OrderSink SINK = new OrderSink() {
        @Override
        public void publish(String tenantId, List<OrderEvent> events) {
            throw new IllegalStateException("no worker runs in this test");
        }

        @Override
        public String kind() {
            return "none";
        }
    };

    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new JushuitanService(SINK)).withDatabase()
            .config(Harness.config(0, Map.of("bi.jushuitan.upstream.hosts", "127.0.0.1:*")));
    private static final String P = "/api/jushuitan/v1";
    private static final String TENANT = "openapi-jst";
    private final OpenApiContract contract;
    private final String admin = bearer(TENANT, "ADMIN");
    private final String viewer = bearer(TENANT, "VIEWER");

    OpenApiContractTest(WebServer server, URI uri) {
        this.contract = OpenApiContract.load().at(uri);
    }

    @Override
    public ServiceUnderTest service() {
        return SERVICE;
    }

    @Test
    void everyOperationAnswersAsDocumented() {
        String shop = """
                {"shop_id":"10086","platform":"tmall","app_key":"k","app_secret":"s","access_token":"t",
                 "base_url":"http://127.0.0.1:9/","start_from":"%s"}""".formatted(java.time.LocalDate.now().minusDays(2));
        Http.Response created = contract.call(Call.post(P + "/shops", admin, shop), 201);
        String one = P + "/shops/" + created.json().get("id").asLong();
        contract.call(Call.post(P + "/shops", viewer, shop), 403);
        contract.call(Call.get(P + "/shops", viewer), 200);
        contract.call(Call.get(P + "/sync/status", viewer), 200);
        contract.call(Call.put(one + "/credentials", admin, "{\"app_secret\":\"s2\",\"access_token\":\"t2\"}"), 204);
        Http.Response job = contract.call(Call.post(one + "/sync", admin, null), 202);
        contract.call(Call.get(job.header("Location"), viewer), 200);
        contract.call(Call.post(P + "/sync", admin, null), 202);
        contract.call(Call.post(P + "/sync/all", bearer("platform", "PLATFORM_ADMIN"), null), 202);
        contract.call(Call.post(P + "/sync/all", admin, null), 403);
        contract.call(Call.get(P + "/jobs", viewer), 200);
        contract.call(Call.get(P + "/jobs/987654", viewer), 404);
        contract.call(Call.post(P + "/shops", admin, shop.replace("http://127.0.0.1:9/", "http://169.254.169.254/")), 400);
        contract.call(Call.delete(one, admin), 204);
        contract.call(Call.delete(one, admin), 404);
        contract.call(Call.post(one + "/sync", admin, null), 404);

        contract.refused(Call.post(P + "/shops", admin, "{\"shop_id\":\"abc\",\"app_key\":\"k\",\"app_secret\":\"s\",\"access_token\":\"t\"}"), 400);
        contract.refused(Call.post(P + "/shops", admin, "{\"shop_id\":\"1\",\"app_key\":\"k\",\"app_secret\":\"s\"}"), 400);
        contract.refused(Call.put(one + "/credentials", admin, "{\"app_secret\":\"s2\"}"), 400);
        contract.refused(Call.get(P + "/jobs/x", viewer), 400);
        contract.refused(Call.get(P + "/jobs", null), 401);
        assertEquals(Set.of(), contract.unexercised(), "documented operations this test never called");
    }
}
