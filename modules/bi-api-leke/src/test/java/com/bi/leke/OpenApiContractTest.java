package com.bi.leke;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.bi.common.openapi.OpenApiContract;
import com.bi.common.openapi.OpenApiContract.Call;
import com.bi.common.openapi.RecordedRoutes;
import com.bi.common.server.ServiceKit;
import com.bi.common.testing.TestKits;
import com.bi.leke.api.LekeRoutes;
import com.bi.leke.domain.Inbox;
import com.bi.leke.domain.WebhookVerifier;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static com.bi.common.testing.TestTokens.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * bi-api-leke's OpenAPI document against bi-api-leke: it lints, it names exactly the routes {@link Main#routing}
 * registers (the webhook as its only public operation), it is served at {@code /openapi}, and real requests to a
 * PostgreSQL-backed server — every operation and its refusals — are requests and responses the document describes.
 */
@ServerTest
class OpenApiContractTest {
    private static final String P = "/api/leke/v1";
    private static final String TENANT = "openapi-leke";
    private static final String SECRET = "whsec-contract-0123456789";
    private static ServiceKit kit;
    private static Inbox inbox;
    private static WebhookVerifier verifier;
    private final OpenApiContract contract;
    private final String admin = bearer(TENANT, "ADMIN");

    OpenApiContractTest(WebServer server, URI uri) {
        kit.attach(server);
        this.contract = OpenApiContract.load().at(uri);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        kit = Main.publicPaths(TestKits.withDatabase(Main.NAME, Map.of()));
        inbox = Main.inbox(kit);
        verifier = Main.verifier(kit);
        kit.configure(server, routing -> Main.routing(kit, routing, inbox, verifier), Main::grpc);
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    void documentLints() {
        assertEquals(List.of(), contract.lint());
    }

    @Test
    void documentNamesExactlyTheRegisteredRoutes() {
        Set<String> routes = RecordedRoutes.of(routing -> Main.routing(kit, routing, inbox, verifier));
        assertEquals(Set.of(), contract.undocumented(routes), "routes the document does not describe");
        assertEquals(Set.of(), contract.unrouted(routes), "documented operations no route serves");
        assertEquals(Set.of("POST " + LekeRoutes.WEBHOOK), contract.open(), "the webhook is the one public operation");
    }

    @Test
    void servedAtOpenapiWithoutAToken() {
        contract.assertServed();
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
