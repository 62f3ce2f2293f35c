package com.bi.leke;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.leke.domain.Inbox;
import com.bi.leke.domain.InboxProcessor;
import com.bi.leke.domain.WebhookVerifier;
import com.bi.orders.OrderEvent;
import com.bi.orders.sink.OrderSink;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/** The signed webhook, the durable inbox, retries and dead letters, against a real PostgreSQL. */
class LekeWebhookTest {
    private static final String SECRET = "whsec-0123456789abcdef";
    private static final FlakySink SINK = new FlakySink();
    private final Http http;
    private final URI uri;
    private final HttpClient client = HttpClient.newHttpClient();

    /** An in-memory sink that fails while {@link #failures} is positive. */
    static final class FlakySink implements OrderSink {
        final List<OrderEvent> received = new CopyOnWriteArrayList<>();
        final AtomicInteger failures = new AtomicInteger();

        @Override
        public void publish(String tenantId, List<OrderEvent> events) {
            if (failures.get() > 0) {
                failures.decrementAndGet();
                throw new IllegalStateException("bi-analysis unavailable");
            }
            received.addAll(events);
        }

        @Override
        public String kind() {
            return "memory";
        }
    }

    LekeWebhookTest(WebServer server, URI uri) {
        this.http = new Http(uri);
        this.uri = uri;
    }

    /** The declared service, its sink replaced by {@link #SINK}; the test runs the processor's passes by hand. */
    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new LekeService(SINK, UnaryOperator.identity()))
            .withDatabase().config("bi.leke.replay.window", "5m");

    private static Inbox inbox() {
        return SERVICE.app(LekeService.Leke.class).inbox();
    }

    static String event(String eventId, String orderNo, String status, String refund, String updatedAt) {
        return """
                {"event_id":"%s","event_type":"order.updated","order":{"order_no":"%s","shop_id":"dy-1","platform":"douyin",
                 "created_at":"2024-06-18T10:00:00+08:00","paid_at":"2024-06-18T10:01:00+08:00","status":"%s","buyer_id":"u-42",
                 "pay_amount":"99.50","freight":"0","discount":"0","refund_amount":"%s","updated_at":"%s","version":1,
                 "items":[{"sku":"SKU-1","category":"tea","quantity":1,"amount":"99.50","refund_amount":"%s"}]}}"""
                .formatted(eventId, orderNo, status, refund, updatedAt, refund);
    }

    private HttpResponse<String> post(String tenant, String body, String timestamp, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri.resolve("/api/leke/v1/webhook"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (tenant != null) {
            request.header("X-Leke-Tenant", tenant);
        }
        if (timestamp != null) {
            request.header("X-Leke-Timestamp", timestamp);
        }
        if (signature != null) {
            request.header("X-Leke-Signature", signature);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> signed(String tenant, String secret, String body) {
        String ts = String.valueOf(Instant.now().getEpochSecond());
        return post(tenant, body, ts, WebhookVerifier.sign(secret, ts, body.getBytes(StandardCharsets.UTF_8)));
    }

    private void setSecret(String tenant) {
        assertThat(http.put("/api/leke/v1/secret", bearer(tenant, "ADMIN"), "{\"secret\":\"" + SECRET + "\"}", null).status(), is(204));
    }

    @Test
    void signedEventsAreStoredOnceAndProcessed() {
        String tenant = "t-leke-ok";
        setSecret(tenant);
        String body = event("evt-1", "L-1", "paid", "0", "2024-06-18T10:01:00+08:00");
        HttpResponse<String> first = signed(tenant, SECRET, body);
        assertThat(first.body(), first.statusCode(), is(202));
        assertThat(first.body(), containsString("accepted"));
        HttpResponse<String> again = signed(tenant, SECRET, body);
        assertThat(again.statusCode(), is(200));
        assertThat(again.body(), containsString("duplicate"));

        InboxProcessor processor = LekeService.processor(SERVICE.platform().settings(), inbox(), SINK);
        processor.runOnce();
        OrderEvent order = SINK.received.stream().filter(e -> e.tenantId().equals(tenant)).findFirst().orElseThrow();
        assertThat(order.source(), is("LEKE"));
        assertThat(order.platform(), is("DOUYIN"));
        assertThat(order.externalOrderId(), is("L-1"));
        assertThat(order.buyerHash().contains("u-42"), is(false));
        JsonNode stats = http.get("/api/leke/v1/inbox/stats", bearer(tenant, "VIEWER")).json();
        assertThat(stats.get("DONE").asInt(), is(1));
        assertThat(stats.get("PENDING").asInt(), is(0));
    }

    @Test
    void unsignedStaleTamperedAndForeignRequestsAreRefused() {
        String tenant = "t-leke-sec";
        setSecret(tenant);
        String body = event("evt-x", "L-X", "paid", "0", "2024-06-18T10:01:00+08:00");
        String now = String.valueOf(Instant.now().getEpochSecond());
        String good = WebhookVerifier.sign(SECRET, now, body.getBytes(StandardCharsets.UTF_8));

        assertThat(post(tenant, body, null, null).statusCode(), is(401));                   // unsigned
        assertThat(post(null, body, now, good).statusCode(), is(401));                      // no tenant
        assertThat(post(tenant, body.replace("99.50", "0.01"), now, good).statusCode(), is(401)); // tampered body
        String old = String.valueOf(Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond());
        HttpResponse<String> stale = post(tenant, body, old, WebhookVerifier.sign(SECRET, old, body.getBytes(StandardCharsets.UTF_8)));
        assertThat(stale.statusCode(), is(401));                                             // replayed later
        assertThat(stale.body(), containsString("replay window"));
        assertThat(post(tenant, body, String.valueOf(Long.parseLong(now) + 1), good).statusCode(), is(401)); // timestamp swapped
        assertThat(signed(tenant, "another-secret-of-some-length", body).statusCode(), is(401)); // wrong secret
        assertThat(signed("t-leke-nosecret", SECRET, body).statusCode(), is(401));          // tenant without a secret
        HttpResponse<String> refused = post(tenant, body, null, null);
        assertThat(refused.headers().firstValue("content-type").orElse(""), is("application/problem+json"));
        assertThat(http.get("/api/leke/v1/inbox/stats", bearer(tenant, "VIEWER")).json().get("PENDING").asInt(), is(0));

        // the management API needs a token and the right role, and sees only the caller's tenant
        assertThat(http.get("/api/leke/v1/inbox", null).status(), is(401));
        assertThat(http.get("/api/leke/v1/inbox", bearer(tenant, "VIEWER")).status(), is(403));
        assertThat(http.put("/api/leke/v1/secret", bearer(tenant, "ANALYST"), "{\"secret\":\"" + SECRET + "\"}", null).status(), is(403));
        assertThat(http.put("/api/leke/v1/secret", bearer(tenant, "ADMIN"), "{\"secret\":\"short\"}", null).status(), is(400));
    }

    @Test
    void failedHandOversAreRetriedThenDeadLetteredAndRetryable() throws Exception {
        String tenant = "t-leke-dead";
        setSecret(tenant);
        assertThat(signed(tenant, SECRET, event("evt-d1", "L-D1", "paid", "0", "2024-06-18T10:01:00+08:00")).statusCode(), is(202));
        // refused at the webhook now (400 naming the field); a row like it stored by an earlier version still dies alone
        assertThat(signed(tenant, SECRET, "{\"event_id\":\"evt-bad\",\"order\":{\"order_no\":\"L-BAD\"}}").statusCode(), is(400));
        inbox().store(tenant, "evt-bad", "order.updated", "{\"event_id\":\"evt-bad\",\"order\":{\"order_no\":\"L-BAD\"}}");

        InboxProcessor processor = new InboxProcessor(inbox(), SINK, 100, 3, Duration.ofMinutes(1));
        SINK.failures.set(100);
        for (int attempt = 0; attempt < 3; attempt++) {
            processor.runOnce();
            // skip the backoff wait: make the entries due now
            SERVICE.platform().jdbc().update("UPDATE inbox SET next_attempt_at = now() WHERE tenant_id = ?", tenant);
        }
        JsonNode dead = http.get("/api/leke/v1/inbox?status=DEAD", bearer(tenant, "ADMIN")).json().get("items");
        assertThat(dead.toString(), dead.size(), is(2));
        JsonNode malformed = dead.get(0).get("event_id").asText().equals("evt-bad") ? dead.get(0) : dead.get(1);
        JsonNode failedHandOver = malformed == dead.get(0) ? dead.get(1) : dead.get(0);
        assertThat(malformed.get("attempts").asInt(), is(1));
        assertThat(malformed.get("last_error").asText(), containsString("not an order"));
        assertThat(failedHandOver.get("attempts").asInt(), is(3));
        assertThat(failedHandOver.get("last_error").asText(), containsString("unavailable"));

        // another tenant cannot see or retry them
        assertThat(http.get("/api/leke/v1/inbox?status=DEAD", bearer("t-other", "ADMIN")).json().get("items").size(), is(0));
        assertThat(http.post("/api/leke/v1/inbox/" + failedHandOver.get("id").asLong() + "/retry", bearer("t-other", "ADMIN"), "").status(), is(404));

        SINK.failures.set(0);
        assertThat(http.post("/api/leke/v1/inbox/" + failedHandOver.get("id").asLong() + "/retry", bearer(tenant, "ADMIN"), "").status(), is(200));
        processor.runOnce();
        assertThat(SINK.received.stream().anyMatch(e -> e.externalOrderId().equals("L-D1")), is(true));
        JsonNode stats = http.get("/api/leke/v1/inbox/stats", bearer(tenant, "VIEWER")).json();
        assertThat(stats.get("DONE").asInt(), is(1));
        assertThat(stats.get("DEAD").asInt(), is(1));
        assertThat(processor.processed(), greaterThanOrEqualTo(1L));
    }

    /** Issue 12 #2 at the edge: a hostile order is a 400 problem+json naming the field, and nothing is stored. */
    @Test
    void oneHostileOrderIsRefusedAtTheWebhookNamingTheField() {
        String tenant = "t-leke-hostile";
        setSecret(tenant);
        String good = event("evt-h0", "L-H0", "paid", "0", "2024-06-18T10:01:00+08:00");
        Map<String, String> hostile = new java.util.LinkedHashMap<>();
        hostile.put(good.replace("\"pay_amount\":\"99.50\"", "\"pay_amount\":\"1e999999999\""), "order.pay_amount");
        hostile.put(good.replace("\"pay_amount\":\"99.50\"", "\"pay_amount\":1e999999999"), "order.pay_amount");
        hostile.put(good.replace("\"pay_amount\":\"99.50\"", "\"pay_amount\":\"1e15\""), "order.pay_amount");
        hostile.put(good.replace("\"pay_amount\":\"99.50\"", "\"pay_amount\":\"0.001\""), "order.pay_amount");
        hostile.put(good.replace("\"shop_id\":\"dy-1\"", "\"shop_id\":\"dy\\u0000\""), "order.shop_id");
        hostile.put(good.replace("\"sku\":\"SKU-1\"", "\"sku\":\"" + "K".repeat(200) + "\""), "order.items[0].sku");
        hostile.put(good.replace("\"quantity\":1", "\"quantity\":1e10"), "order.items[0].quantity");
        hostile.put(good.replace("\"quantity\":1", "\"quantity\":-3"), "order.items[0].quantity");
        hostile.put(good.replace("\"quantity\":1", "\"quantity\":{\"a\":1}"), "order.items[0].quantity");
        hostile.put(good.replace("2024-06-18T10:01:00+08:00\",\"status", "+999999999-06-18T10:01:00+08:00\",\"status"), "order.paid_at");
        hostile.put(good.replace("\"version\":1", "\"version\":-1"), "order.version");
        hostile.put(good.replace("\"shop_id\":\"dy-1\"", "\"shop_id\":[\"dy-1\"]"), "order.shop_id");
        hostile.put(good.replace("\"event_id\":\"evt-h0\"", "\"event_id\":\"evt\\u0000\""), "event_id");
        String items = "{\"sku\":\"S\",\"quantity\":1,\"amount\":\"1\"},".repeat(1001);
        hostile.put(good.replace("\"items\":[", "\"items\":[" + items), "order.items");
        int n = 0;
        for (Map.Entry<String, String> c : hostile.entrySet()) {
            String body = c.getKey().replace("evt-h0", "evt-h" + ++n);
            assertThat(body, body.equals(good), is(false));
            HttpResponse<String> refused = signed(tenant, SECRET, body);
            assertThat(c.getValue() + ": " + refused.body(), refused.statusCode(), is(400));
            assertThat(refused.headers().firstValue("content-type").orElse(""), is("application/problem+json"));
            assertThat(refused.body(), json(refused.body()).get("field").asText(), is(c.getValue()));
        }
        assertThat(signed(tenant, SECRET, good).statusCode(), is(202));
        JsonNode stats = http.get("/api/leke/v1/inbox/stats", bearer(tenant, "VIEWER")).json();
        assertThat(stats.get("PENDING").asInt() + stats.get("DEAD").asInt() + stats.get("DONE").asInt(), is(1));
    }

    private static JsonNode json(String body) {
        try {
            return com.bi.common.json.Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError(body, e);
        }
    }

    /** A sink that encodes like the gRPC sink does and refuses one order number, as bi-analysis would. */
    static final class EncodingSink implements OrderSink {
        final List<OrderEvent> received = new CopyOnWriteArrayList<>();

        @Override
        public void publish(String tenantId, List<OrderEvent> events) {
            for (OrderEvent event : events) {
                com.bi.orders.OrderCodec.toProto(event);
                if (event.externalOrderId().equals("L-REFUSED")) {
                    throw new com.bi.orders.sink.RejectedOrdersException("orders[" + events.indexOf(event) + "]: refused", null);
                }
            }
            received.addAll(events);
        }

        @Override
        public String kind() {
            return "encoding";
        }
    }

    /**
     * Issue 12 #2 in the inbox: rows that got in before the webhook checked (an earlier version) with a 1e999999999
     * amount, NUL and a refused order sit among good ones of the same tenant and pass: the good ones are delivered,
     * each bad one is DEAD with its reason, nothing is retried forever and the processor goes on.
     */
    @Test
    void oneBadInboxEventNeverBlocksTheOthers() {
        String tenant = "t-leke-poison";
        String good = event("evt-p0", "L-P0", "paid", "0", "2024-06-18T10:01:00+08:00");
        List<String> bad = List.of(
                good.replace("\"pay_amount\":\"99.50\"", "\"pay_amount\":\"1e999999999\""),
                good.replace("\"pay_amount\":\"99.50\"", "\"pay_amount\":1e15"),
                good.replace("\"shop_id\":\"dy-1\"", "\"shop_id\":\"dy\\u0000\""),
                good.replace("L-P0", "L-REFUSED"),
                "not json at all {");
        for (int i = 0; i < 10; i++) {
            inbox().store(tenant, "good-" + i, "order.updated", good.replace("L-P0", "L-P" + i));
            if (i < bad.size()) {
                inbox().store(tenant, "bad-" + i, "order.updated", bad.get(i));
            }
        }
        EncodingSink sink = new EncodingSink();
        InboxProcessor processor = new InboxProcessor(inbox(), sink, 100, 8, Duration.ofMinutes(1));
        while (processor.runOnce()) {
            // until nothing is due: a refused batch must not come back
        }
        assertThat(sink.received.stream().filter(e -> e.tenantId().equals(tenant)).map(OrderEvent::externalOrderId).distinct().count(), is(10L));
        JsonNode stats = http.get("/api/leke/v1/inbox/stats", bearer(tenant, "VIEWER")).json();
        assertThat(stats.toString(), stats.get("DONE").asInt(), is(10));
        assertThat(stats.toString(), stats.get("DEAD").asInt(), is(bad.size()));
        assertThat(stats.toString(), stats.get("PENDING").asInt(), is(0));
        JsonNode dead = http.get("/api/leke/v1/inbox?status=DEAD", bearer(tenant, "ADMIN")).json().get("items");
        for (JsonNode entry : dead) {
            assertThat(entry.toString(), entry.get("attempts").asInt(), is(1));
            assertThat(entry.toString(), entry.get("last_error").asText().isBlank(), is(false));
        }
        assertThat(dead.toString(), containsString("pay_amount"));
        assertThat(dead.toString(), containsString("shop_id"));
        assertThat(dead.toString(), containsString("refused"));
    }
}
