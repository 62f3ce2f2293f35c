package com.bi.analysis;

import com.bi.analysis.api.AnalysisGrpcService;
import com.bi.common.testing.ServiceUnderTest;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.bi.common.server.ServiceRuntime;
import com.bi.common.testing.Http;
import com.bi.common.testing.Http.Response;
import com.bi.orders.OrderCodec;
import com.bi.orders.OrderEvent;
import com.bi.orders.OrderLine;
import com.bi.proto.analysis.v1.IngestRequest;
import com.bi.proto.analysis.v1.IngestResponse;
import com.bi.proto.analysis.v1.QueryRequest;
import com.bi.proto.analysis.v1.QueryResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Ingest over gRPC and the query API over HTTP and gRPC, against a real PostgreSQL. */
class AnalysisApiTest {
    private static final String QUERY = "/api/analysis/v1/query";
    private static ManagedChannel channel;
    private final Http http;

    AnalysisApiTest(WebServer server, URI uri) {
        this.http = new Http(uri);
        if (channel == null) {
            channel = AnalysisTestServer.channel(server.port(ServiceRuntime.GRPC_SOCKET));
        }
    }

    @RegisterExtension
    static final ServiceUnderTest SERVICE = AnalysisTestServer.service(Map.of());

    @AfterAll
    static void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    static OrderEvent order(String tenant, String id, String shop, String payTime, String status, String amount,
                            String refund, String modified, OrderLine... lines) {
        return new OrderEvent(tenant, "TEST", id, shop, "TMALL", Instant.parse(payTime).minusSeconds(60),
                payTime == null ? null : Instant.parse(payTime), status, "buyer-" + id.charAt(0), new BigDecimal(amount),
                BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal(refund), Instant.parse(modified), 1, List.of(lines));
    }

    static OrderLine line(String sku, String category, int quantity, String amount, String refund) {
        return new OrderLine(sku, category, quantity, new BigDecimal(amount), new BigDecimal(refund));
    }

    private IngestResponse ingest(String tenant, OrderEvent... orders) {
        IngestRequest.Builder request = IngestRequest.newBuilder();
        for (OrderEvent order : orders) {
            request.addOrders(OrderCodec.toProto(order));
        }
        return AnalysisTestServer.stub(channel, tenant, "SERVICE").ingest(request.build());
    }

    private JsonNode query(String tenant, String body) {
        Response response = http.post(QUERY, bearer(tenant, "VIEWER"), body);
        assertThat(response.toString(), response.status(), is(200));
        return response.json();
    }

    @Test
    void lastModifiedWinsAndRollupsFollow() {
        String t = "t-lmw";
        OrderEvent paid = order(t, "A1", "s1", "2024-06-18T02:00:00Z", "PAID", "100.00", "0", "2024-06-18T02:00:00Z",
                line("SKU-1", "tea", 2, "100.00", "0"));
        assertThat(ingest(t, paid).getApplied(), is(1));
        assertThat(ingest(t, paid).getIgnored(), is(1)); // duplicate
        OrderEvent refunded = order(t, "A1", "s1", "2024-06-18T02:00:00Z", "REFUNDED", "100.00", "40.00", "2024-06-19T02:00:00Z",
                line("SKU-1", "tea", 2, "100.00", "40.00"));
        OrderEvent stale = order(t, "A1", "s1", "2024-06-18T02:00:00Z", "CANCELLED", "100.00", "0", "2024-06-18T12:00:00Z",
                line("SKU-1", "tea", 2, "100.00", "0"));
        IngestResponse response = ingest(t, refunded, stale);
        assertThat(response.getApplied(), is(1));
        assertThat(response.getIgnored(), is(1));
        assertThat(ingest(t, stale).getIgnored(), is(1)); // an older update never overwrites a newer one

        JsonNode result = query(t, """
                {"metrics":["gmv","orders","units","refund_amount","refund_rate","aov"],"from":"2024-06-18","to":"2024-06-18"}""");
        JsonNode totals = result.get("totals");
        assertThat(totals.get("gmv").asDouble(), closeTo(100.00, 1e-9));
        assertThat(totals.get("orders").asLong(), is(1L));
        assertThat(totals.get("units").asLong(), is(2L));
        assertThat(totals.get("refund_amount").asDouble(), closeTo(40.00, 1e-9));
        assertThat(totals.get("refund_rate").asDouble(), closeTo(0.4, 1e-9));
        assertThat(result.get("source").asText(), is("rollup_shop_day"));

        // cancelled (newer): leaves the rollups
        ingest(t, order(t, "A1", "s1", "2024-06-18T02:00:00Z", "CANCELLED", "100.00", "0", "2024-06-20T02:00:00Z",
                line("SKU-1", "tea", 2, "100.00", "0")));
        JsonNode after = query(t, """
                {"metrics":["gmv","orders"],"dimensions":["sku"],"from":"2024-06-18","to":"2024-06-18"}""");
        assertThat(after.get("rows").size(), is(0));
        assertThat(after.get("totals").get("orders").asLong(), is(0L));
        JsonNode fact = http.get("/api/analysis/v1/orders/TEST/A1", bearer(t, "VIEWER")).json();
        assertThat(fact.get("status").asText(), is("CANCELLED"));
        assertThat(fact.get("items").size(), is(1));
    }

    @Test
    void dimensionsFiltersTopNTotalsAndComparison() {
        String t = "t-query";
        ingest(t,
                order(t, "B1", "s1", "2024-06-10T02:00:00Z", "PAID", "100.00", "0", "2024-06-10T03:00:00Z",
                        line("SKU-A", "tea", 1, "60.00", "0"), line("SKU-B", "cups", 1, "40.00", "0")),
                order(t, "B2", "s1", "2024-06-11T02:00:00Z", "PAID", "50.00", "0", "2024-06-11T03:00:00Z",
                        line("SKU-A", "tea", 1, "50.00", "0")),
                order(t, "C3", "s2", "2024-06-11T05:00:00Z", "COMPLETED", "300.00", "0", "2024-06-11T06:00:00Z",
                        line("SKU-C", "tea", 3, "300.00", "0")),
                // previous period (2024-06-08..09) and last year
                order(t, "B4", "s1", "2024-06-09T02:00:00Z", "PAID", "80.00", "0", "2024-06-09T03:00:00Z",
                        line("SKU-A", "tea", 1, "80.00", "0")),
                order(t, "B5", "s1", "2023-06-10T02:00:00Z", "PAID", "20.00", "0", "2023-06-10T03:00:00Z",
                        line("SKU-A", "tea", 1, "20.00", "0")),
                // unpaid: not counted
                new OrderEvent(t, "TEST", "U6", "s1", "TMALL", Instant.parse("2024-06-10T02:00:00Z"), null, "CREATED", "",
                        new BigDecimal("999"), null, null, null, Instant.parse("2024-06-10T02:00:00Z"), 1,
                        List.of(line("SKU-A", "tea", 1, "999", "0"))));

        JsonNode byDay = query(t, """
                {"metrics":["gmv","orders"],"dimensions":["day","shop"],"from":"2024-06-10","to":"2024-06-11","compare":"previous_period"}""");
        assertThat(byDay.toString(), byDay.get("rows").size(), is(3));
        assertThat(byDay.get("rows").get(0).get("day").asText(), is("2024-06-10"));
        assertThat(byDay.get("totals").get("gmv").asDouble(), closeTo(450.00, 1e-9));
        assertThat(byDay.get("compare_totals").get("gmv").asDouble(), closeTo(80.00, 1e-9));
        assertThat(byDay.get("compare_from").asText(), is("2024-06-08"));
        // 2024-06-10/s1 is compared with 2024-06-08/s1 (nothing); 06-11/s1 with 06-09/s1 (80)
        JsonNode s1Day11 = byDay.get("rows").get(1);
        assertThat(s1Day11.get("shop").asText() + s1Day11.get("day").asText(), is("s12024-06-11"));
        assertThat(s1Day11.get("compare").get("gmv").asDouble(), closeTo(80.00, 1e-9));
        assertThat(s1Day11.get("change").get("gmv").asDouble(), closeTo(-0.375, 1e-9));

        JsonNode yoy = query(t, """
                {"metrics":["gmv"],"from":"2024-06-10","to":"2024-06-10","compare":"year_over_year"}""");
        assertThat(yoy.get("compare_totals").get("gmv").asDouble(), closeTo(20.00, 1e-9));

        JsonNode top = query(t, """
                {"metrics":["gmv","units","orders"],"dimensions":["sku"],"from":"2024-06-01","to":"2024-06-30",
                 "order_by":[{"field":"gmv","direction":"desc"}],"limit":2}""");
        assertThat(top.get("source").asText(), is("rollup_tenant_sku_day"));
        assertThat(top.get("rows").size(), is(2));
        assertThat(top.get("rows").get(0).get("sku").asText(), is("SKU-C"));
        assertThat(top.get("rows").get(1).get("sku").asText(), is("SKU-A"));
        JsonNode topOfShop = query(t, """
                {"metrics":["gmv"],"dimensions":["sku"],"from":"2024-06-01","to":"2024-06-30",
                 "filters":[{"field":"shop","op":"eq","values":["s1"]}]}""");
        assertThat("a shop filter needs the per-shop rollup", topOfShop.get("source").asText(), is("rollup_sku_day"));
        assertThat(top.get("rows").get(1).get("gmv").asDouble(), closeTo(190.00, 1e-9));
        // totals cover every SKU, and orders are distinct orders (B1 has two SKUs)
        assertThat(top.get("totals").get("orders").asLong(), is(4L));

        JsonNode tea = query(t, """
                {"metrics":["orders","gmv","buyers"],"dimensions":["category"],"from":"2024-06-10","to":"2024-06-11",
                 "filters":[{"field":"category","op":"eq","values":["tea"]}]}""");
        assertThat(tea.get("source").asText(), is("fact_items"));
        assertThat(tea.get("rows").get(0).get("orders").asLong(), is(3L));
        assertThat(tea.get("rows").get(0).get("gmv").asDouble(), closeTo(410.00, 1e-9));

        JsonNode notS1 = query(t, """
                {"metrics":["gmv","buyers"],"dimensions":["platform","month"],"from":"2024-06-01","to":"2024-06-30",
                 "filters":[{"field":"shop","op":"not_in","values":["s1"]}]}""");
        assertThat(notS1.get("source").asText(), is("facts"));
        assertThat(notS1.get("rows").get(0).get("month").asText(), is("2024-06-01"));
        assertThat(notS1.get("totals").get("gmv").asDouble(), closeTo(300.00, 1e-9));

        // a filter value is a bind parameter: quotes are just characters
        JsonNode injection = query(t, """
                {"metrics":["gmv"],"from":"2024-06-01","to":"2024-06-30","filters":[{"field":"shop","values":["s1' OR '1'='1"]}]}""");
        assertThat(injection.get("totals").get("gmv").asDouble(), closeTo(0.00, 1e-9));

        // gRPC Query answers the same
        QueryResponse grpc = AnalysisTestServer.stub(channel, t, "VIEWER").query(QueryRequest.newBuilder()
                .addMetrics("gmv").addDimensions("shop").setFrom("2024-06-10").setTo("2024-06-11").setTotals(true).build());
        assertThat(grpc.getRowsCount(), is(2));
        assertThat(grpc.getTotalsOrThrow("gmv"), closeTo(450.0, 1e-9));
    }

    @Test
    void daysAreInTheTenantsTimeZone() {
        String t = "t-zone";
        // 2024-06-17T17:30Z is 06-18 01:30 in Shanghai
        ingest(t, order(t, "Z1", "s1", "2024-06-17T17:30:00Z", "PAID", "10.00", "0", "2024-06-17T18:00:00Z",
                line("SKU-Z", "x", 1, "10.00", "0")));
        String q = """
                {"metrics":["gmv"],"dimensions":["day"],"from":"2024-06-17","to":"2024-06-18"}""";
        assertThat(query(t, q).get("rows").get(0).get("day").asText(), is("2024-06-18"));
        assertThat(query(t, q).get("time_zone").asText(), is("Asia/Shanghai"));
        Response viewerPut = http.put("/api/analysis/v1/settings", bearer(t, "VIEWER"), "{\"time_zone\":\"UTC\"}", null);
        assertThat(viewerPut.status(), is(403));
        Response bad = http.put("/api/analysis/v1/settings", bearer(t, "ADMIN"), "{\"time_zone\":\"Mars/Olympus\"}", null);
        assertThat(bad.status(), is(400));
        Response put = http.put("/api/analysis/v1/settings", bearer(t, "ADMIN"), "{\"time_zone\":\"UTC\"}", null);
        assertThat(put.toString(), put.status(), is(202));
        assertThat(put.toString(), put.json().get("changed").asBoolean(), is(true));
        JsonNode job = AnalysisTestServer.awaitJob(http, bearer(t, "VIEWER"), put.json().get("rollup_job").get("id").asLong());
        assertThat(job.get("zone").asText(), is("UTC"));
        assertThat(query(t, q).get("rows").get(0).get("day").asText(), is("2024-06-17"));
        Response same = http.put("/api/analysis/v1/settings", bearer(t, "ADMIN"), "{\"time_zone\":\"UTC\"}", null);
        assertThat(same.toString(), same.status(), is(200));
        assertThat(same.json().get("changed").asBoolean(), is(false));
    }

    @Test
    void tenantsAreIsolatedAndRolesChecked() {
        ingest("t-iso-a", order("t-iso-a", "I1", "s1", "2024-06-18T02:00:00Z", "PAID", "10.00", "0", "2024-06-18T02:00:00Z",
                line("SKU-1", "x", 1, "10.00", "0")));
        JsonNode other = query("t-iso-b", """
                {"metrics":["gmv","orders"],"from":"2024-06-18","to":"2024-06-18"}""");
        assertThat(other.get("totals").get("orders").asLong(), is(0L));
        assertThat(http.get("/api/analysis/v1/orders/TEST/I1", bearer("t-iso-b", "ADMIN")).status(), is(404));

        Response anonymous = http.post(QUERY, null, "{}");
        assertThat(anonymous.status(), is(401));
        assertThat(http.post(QUERY, bearer("t-iso-a"), "{\"metrics\":[\"gmv\"],\"from\":\"2024-06-18\",\"to\":\"2024-06-18\"}").status(), is(403));
        StatusRuntimeException viewerIngest = assertThrows(StatusRuntimeException.class, () -> AnalysisTestServer.stub(channel, "t-iso-a", "VIEWER")
                .ingest(IngestRequest.newBuilder().build()));
        assertThat(viewerIngest.getStatus().getCode(), is(Status.Code.PERMISSION_DENIED));
        StatusRuntimeException noToken = assertThrows(StatusRuntimeException.class, () -> com.bi.proto.analysis.v1.AnalysisServiceGrpc
                .newBlockingStub(channel).query(QueryRequest.newBuilder().build()));
        assertThat(noToken.getStatus().getCode(), is(Status.Code.UNAUTHENTICATED));
    }

    /** Hostile suite: 20,000 copies of an order in one Ingest ran past any deadline; a call carries at most 1,000. */
    @Test
    void ingestRefusesBatchesOverTheCapWithoutWriting() {
        OrderEvent one = order("t-cap-ingest", "C1", "s1", "2024-06-18T02:00:00Z", "PAID", "10.00", "0", "2024-06-18T02:00:00Z",
                line("SKU-1", "tea", 1, "10.00", "0"));
        IngestRequest.Builder request = IngestRequest.newBuilder();
        for (int i = 0; i < AnalysisGrpcService.MAX_ORDERS_PER_CALL + 1; i++) {
            request.addOrders(OrderCodec.toProto(one));
        }
        StatusRuntimeException tooMany = assertThrows(StatusRuntimeException.class,
                () -> AnalysisTestServer.stub(channel, "t-cap-ingest", "SERVICE").ingest(request.build()));
        assertThat(tooMany.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(tooMany.getStatus().getDescription(), org.hamcrest.Matchers.containsString("at most 1000 orders"));
        assertThat(query("t-cap-ingest", """
                {"metrics":["orders"],"from":"2024-06-18","to":"2024-06-18"}""").get("totals").get("orders").asLong(), is(0L));
    }

    @Test
    void onlyKnownMetricsAndDimensions() {
        String admin = bearer("t-bad", "ADMIN");
        Map<String, String> cases = Map.of(
                "{\"metrics\":[\"gmv; DROP TABLE order_fact\"],\"from\":\"2024-01-01\",\"to\":\"2024-01-02\"}", "metrics",
                "{\"metrics\":[\"gmv\"],\"dimensions\":[\"buyer_hash\"],\"from\":\"2024-01-01\",\"to\":\"2024-01-02\"}", "dimensions",
                "{\"metrics\":[\"gmv\"],\"from\":\"2024-01-05\",\"to\":\"2024-01-02\"}", "to",
                "{\"metrics\":[\"gmv\"],\"from\":\"yesterday\",\"to\":\"2024-01-02\"}", "from",
                "{\"metrics\":[\"gmv\"],\"from\":\"2024-01-01\",\"to\":\"2024-01-02\",\"order_by\":[{\"field\":\"units\"}]}", "order_by[0].field",
                "{\"metrics\":[\"gmv\"],\"from\":\"2024-01-01\",\"to\":\"2024-01-02\",\"limit\":0.5}", "limit",
                "{\"metrics\":[\"gmv\"],\"from\":\"2024-01-01\",\"to\":\"2024-01-02\",\"filters\":[{\"field\":\"day\",\"values\":[\"x\"]}]}", "filters[0].field",
                "{\"metrics\":[\"gmv\"],\"from\":\"2024-01-01\",\"to\":\"2024-01-02\",\"compare\":\"last_week\"}", "compare",
                "{\"metrics\":[\"gmv\"],\"from\":\"2024-01-01\",\"to\":\"2024-01-02\",\"sql\":\"select 1\"}", "sql");
        cases.forEach((body, field) -> {
            Response response = http.post(QUERY, admin, body);
            assertThat(body, response.status(), is(400));
            assertThat(response.contentType(), is("application/problem+json"));
            assertThat(body + " -> " + response.body(), response.json().get("field").asText(), is(field));
        });
        Response twoTimes = http.post(QUERY, admin, "{\"metrics\":[\"gmv\"],\"dimensions\":[\"day\",\"month\"],\"from\":\"2024-01-01\",\"to\":\"2024-01-02\"}");
        assertThat(twoTimes.json().get("detail").asText(), containsString("at most one"));
    }
}
