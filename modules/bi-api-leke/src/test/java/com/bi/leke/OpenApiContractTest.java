package com.bi.leke;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.bi.common.openapi.OpenApiContract;
import com.bi.common.openapi.OpenApiDocumentChecks;
import com.bi.common.openapi.OpenApiContract.Call;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.orders.OrderEvent;
import com.bi.orders.sink.OrderSink;
import java.util.function.UnaryOperator;
import com.bi.leke.api.LekeRoutes;
import com.bi.leke.domain.WebhookVerifier;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * bi-api-leke's OpenAPI document against bi-api-leke: it lints, it names exactly the routes its wiring
 * registers (the webhook as its only public operation), it is served at {@code /openapi}, and real requests to a
 * PostgreSQL-backed server — every operation and its refusals — are requests and responses the document describes.
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
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new LekeService(SINK, UnaryOperator.identity())).withDatabase();
    private static final String P = "/api/leke/v1";
    private static final String TENANT = "openapi-leke";
    private static final String SECRET = "whsec-contract-0123456789";
    private final OpenApiContract contract;
    private final String admin = bearer(TENANT, "ADMIN");

    OpenApiContractTest(WebServer server, URI uri) {
        this.contract = OpenApiContract.load().at(uri);
    }

    @Override
    public ServiceUnderTest service() {
        return SERVICE;
    }

    private static Call signed(String body, String secret) {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        return new Call("POST", LekeRoutes.WEBHOOK, null, body, Map.of("Content-Type", "application/json",
                "X-Leke-Tenant", TENANT, "X-Leke-Timestamp", timestamp,
                "X-Leke-Signature", WebhookVerifier.sign(secret, timestamp, body.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void everyOperationAnswersAsDocumented() {
        contract.call(Call.put(P + "/secret", admin, "{\"secret\":\"" + SECRET + "\"}"), 204);
        String event = """
                {"event_id":"oa-evt-1","event_type":"order.updated","order":{"order_no":"oa-1","shop_id":"dy-1","platform":"douyin",
                 "created_at":"2024-06-18T10:00:00+08:00","paid_at":"2024-06-18T10:01:00+08:00","status":"PAID","buyer_id":"u-42",
                 "pay_amount":"99.50","freight":"0","discount":"0","refund_amount":"0","updated_at":"2024-06-18T10:01:00+08:00",
                 "version":1,"items":[{"sku":"SKU-1","category":"tea","quantity":1,"amount":"99.50","refund_amount":"0"}]}}""";
        contract.call(signed(event, SECRET), 202);
        contract.call(signed(event, SECRET), 200);
        contract.call(signed(event, "not-the-secret-at-all"), 401);
        contract.call(signed(event.replace("\"pay_amount\":\"99.50\"", "\"pay_amount\":\"-1\""), SECRET), 400);
        contract.call(Call.get(P + "/inbox?status=pending", admin), 200);
        contract.call(Call.get(P + "/inbox", bearer(TENANT, "VIEWER")), 403);
        contract.call(Call.get(P + "/inbox/stats", bearer(TENANT, "VIEWER")), 200);
        contract.call(Call.post(P + "/inbox/424242/retry", admin, null), 404);

        contract.refused(Call.put(P + "/secret", admin, "{\"secret\":\"short\"}"), 400);
        contract.refused(Call.get(P + "/inbox?status=LOST", admin), 400);
        contract.refused(Call.post(P + "/inbox/x/retry", admin, null), 400);
        contract.refused(Call.get(P + "/inbox/stats", null), 401);
        contract.refused(new Call("POST", LekeRoutes.WEBHOOK, null, event, Map.of("Content-Type", "application/json",
                "X-Leke-Tenant", TENANT)), 401);
        assertEquals(Set.of(), contract.unexercised(), "documented operations this test never called");
    }
}
