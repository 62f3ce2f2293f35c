package com.bi.analysis;

import java.math.BigDecimal;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.bi.analysis.domain.MetricQuery;
import com.bi.common.server.ServiceRuntime;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.Http;
import com.bi.common.testing.Http.Response;
import com.bi.common.testing.TestDatabase;
import com.bi.orders.OrderCodec;
import com.bi.orders.OrderEvent;
import com.bi.orders.OrderLine;
import com.bi.proto.analysis.v1.IngestRequest;
import com.bi.proto.analysis.v1.QueryRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Issue 12 #12 (bad dates gave 500; no statement timeout or range cap on metric queries) and #20 (orders without a
 * buyer id counted as one buyer), with the hostile values themselves, against the real server and PostgreSQL.
 */
class QueryHardeningTest {
    private static final String QUERY = "/api/analysis/v1/query";
    private static ManagedChannel channel;
    private final Http http;

    QueryHardeningTest(WebServer server, URI uri) {
        this.http = new Http(uri);
        if (channel == null) {
            channel = AnalysisTestServer.channel(server.port(ServiceRuntime.GRPC_SOCKET));
        }
    }

    @RegisterExtension
    static final ServiceUnderTest SERVICE = AnalysisTestServer.service(Map.of("bi.analysis.query.timeout", "500ms"));

    @AfterAll
    static void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    private static OrderEvent order(String tenant, String id, String buyerHash) {
        return new OrderEvent(tenant, "TEST", id, "s1", "TMALL", Instant.parse("2024-06-18T01:00:00Z"),
                Instant.parse("2024-06-18T02:00:00Z"), "PAID", buyerHash, new BigDecimal("10.00"), null, null, null,
                Instant.parse("2024-06-18T02:00:00Z"), 1, List.of(new OrderLine("SKU-1", "tea", 1, new BigDecimal("10.00"), null)));
    }

    private void ingest(String tenant, OrderEvent... orders) {
        IngestRequest.Builder request = IngestRequest.newBuilder();
        for (OrderEvent order : orders) {
            request.addOrders(OrderCodec.toProto(order));
        }
        AnalysisTestServer.stub(channel, tenant, "SERVICE").ingest(request.build());
    }

    @Test
    void datesBeyondPostgresqlOrLocalDateAreA400NamingTheField() {
        String viewer = bearer("t-dates", "VIEWER");
        Map<String, String> cases = Map.of(
                "{\"metrics\":[\"gmv\"],\"from\":\"+999999999-12-31\",\"to\":\"+999999999-12-31\"}", "from",
                "{\"metrics\":[\"gmv\"],\"from\":\"-999999999-01-01\",\"to\":\"-999999999-01-02\",\"compare\":\"previous_period\"}", "from",
                "{\"metrics\":[\"gmv\"],\"from\":\"-999999999-01-01\",\"to\":\"-999999999-01-01\",\"compare\":\"year_over_year\"}", "from",
                "{\"metrics\":[\"gmv\"],\"from\":\"2024-01-01\",\"to\":\"+5874898-01-01\"}", "to",
                "{\"metrics\":[\"buyers\"],\"from\":\"0001-01-01\",\"to\":\"0001-01-01\",\"compare\":\"previous_period\"}", "from",
                "{\"metrics\":[\"gmv\"],\"from\":\"2024-01-01" + "x".repeat(5000) + "\",\"to\":\"2024-01-02\"}", "from");
        cases.forEach((body, field) -> {
            Response response = http.post(QUERY, viewer, body);
            assertThat(body.length() > 200 ? body.substring(0, 200) : body, response.status(), is(400));
            assertThat(response.contentType(), is("application/problem+json"));
            assertThat(response.body(), response.json().get("field").asText(), is(field));
        });
        StatusRuntimeException grpc = assertThrows(StatusRuntimeException.class, () -> AnalysisTestServer.stub(channel, "t-dates", "VIEWER")
                .query(QueryRequest.newBuilder().addMetrics("gmv").setFrom("-999999999-01-01").setTo("-999999999-01-01")
                        .setCompare("previous_period").build()));
        assertThat(grpc.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
        // the bounds themselves still answer
        assertThat(http.post(QUERY, viewer, "{\"metrics\":[\"gmv\"],\"from\":\"1970-01-01\",\"to\":\"1970-01-31\",\"compare\":\"year_over_year\"}").status(), is(200));
    }

    /** Found by the hostile suite once 3 MB gRPC messages were read (F7): 20,000 filters or sorts ran past any deadline. */
    @Test
    void tooManyFiltersOrSortsAreRefusedNamingTheField() {
        String viewer = bearer("t-filters", "VIEWER");
        String filter = "{\"field\":\"shop\",\"op\":\"eq\",\"values\":[\"s1\"]}";
        String body = "{\"metrics\":[\"gmv\"],\"from\":\"2024-01-01\",\"to\":\"2024-01-31\",\"filters\":["
                + String.join(",", java.util.Collections.nCopies(MetricQuery.MAX_FILTERS + 1, filter)) + "]}";
        Response response = http.post(QUERY, viewer, body);
        assertThat(response.status(), is(400));
        assertThat(response.json().get("field").asText(), is("filters"));
        QueryRequest.Builder many = QueryRequest.newBuilder().addMetrics("gmv").setFrom("2024-01-01").setTo("2024-01-31");
        for (int i = 0; i < 20_000; i++) {
            many.addFilters(com.bi.proto.analysis.v1.Filter.newBuilder().setField("shop").setOp("eq").addValues("s" + i));
        }
        StatusRuntimeException grpc = assertThrows(StatusRuntimeException.class,
                () -> AnalysisTestServer.stub(channel, "t-filters", "VIEWER").query(many.build()));
        assertThat(grpc.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
        String twenty = body.replace("[" + filter + ",", "[");
        assertThat(http.post(QUERY, viewer, twenty).status(), is(200));
        // the same for sorts: each requested field once
        Response twice = http.post(QUERY, viewer, "{\"metrics\":[\"gmv\"],\"from\":\"2024-01-01\",\"to\":\"2024-01-31\","
                + "\"order_by\":[{\"field\":\"gmv\"},{\"field\":\"gmv\"}]}");
        assertThat(twice.status(), is(400));
        assertThat(twice.json().get("field").asText(), is("order_by"));
        QueryRequest.Builder sorts = QueryRequest.newBuilder().addMetrics("gmv").setFrom("2024-01-01").setTo("2024-01-31");
        for (int i = 0; i < 20_000; i++) {
            sorts.addOrderBy(com.bi.proto.analysis.v1.OrderBy.newBuilder().setField("gmv"));
        }
        StatusRuntimeException sorted = assertThrows(StatusRuntimeException.class,
                () -> AnalysisTestServer.stub(channel, "t-filters", "VIEWER").query(sorts.build()));
        assertThat(sorted.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void factScansAreCappedByTheDeclaredRange() {
        String viewer = bearer("t-cap", "VIEWER");
        // rollup questions may span the general cap; questions on the facts (count DISTINCT) only the facts cap (366 days)
        assertThat(http.post(QUERY, viewer, "{\"metrics\":[\"gmv\",\"orders\"],\"from\":\"2022-01-01\",\"to\":\"2024-12-31\"}").status(), is(200));
        Response buyers = http.post(QUERY, viewer, "{\"metrics\":[\"buyers\"],\"from\":\"2022-01-01\",\"to\":\"2024-12-31\"}");
        assertThat(buyers.toString(), buyers.status(), is(400));
        assertThat(buyers.json().get("field").asText(), is("to"));
        assertThat(buyers.json().get("detail").asText(), containsString("366"));
        Response acrossSkus = http.post(QUERY, viewer, """
                {"metrics":["orders"],"dimensions":["category"],"from":"2023-01-01","to":"2024-06-30"}""");
        assertThat(acrossSkus.toString(), acrossSkus.status(), is(400));
        assertThat(http.post(QUERY, viewer, "{\"metrics\":[\"buyers\"],\"from\":\"2024-01-01\",\"to\":\"2024-12-31\"}").status(), is(200));
    }

    @Test
    void aQueryPastTheStatementTimeoutIsCancelledWithA422() throws Exception {
        String tenant = "t-timeout";
        ingest(tenant, order(tenant, "T1", "b1"));
        // another session holds order_fact: without a statement timeout the query would wait (holding a pooled connection)
        try (Connection blocker = DriverManager.getConnection(TestDatabase.url(), TestDatabase.user(), TestDatabase.password())) {
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                lock.execute("LOCK TABLE \"" + SERVICE.configuration().get("bi.db.schema") + "\".order_fact IN ACCESS EXCLUSIVE MODE");
            }
            Response response = http.post(QUERY, bearer(tenant, "VIEWER"), "{\"metrics\":[\"buyers\"],\"from\":\"2024-06-18\",\"to\":\"2024-06-18\"}");
            assertThat(response.toString(), response.status(), is(422));
            assertThat(response.contentType(), is("application/problem+json"));
            assertThat(response.json().get("detail").asText(), containsString("500 ms"));
            blocker.rollback();
        }
        Response after = http.post(QUERY, bearer(tenant, "VIEWER"), "{\"metrics\":[\"buyers\"],\"from\":\"2024-06-18\",\"to\":\"2024-06-18\"}");
        assertThat(after.toString(), after.status(), is(200));
    }

    /** Issue 12 #20: three orders without a buyer id are three buyers, not one; two orders of b1 are one. */
    @Test
    void ordersWithoutABuyerIdAreNotCountedAsOneBuyer() {
        String tenant = "t-buyers";
        ingest(tenant, order(tenant, "A1", ""), order(tenant, "A2", ""), order(tenant, "A3", ""),
                order(tenant, "B1", OrderCodec.buyerHash(tenant, "b1")), order(tenant, "B2", OrderCodec.buyerHash(tenant, "b1")));
        Response total = http.post(QUERY, bearer(tenant, "VIEWER"), "{\"metrics\":[\"buyers\",\"orders\"],\"from\":\"2024-06-18\",\"to\":\"2024-06-18\"}");
        assertThat(total.toString(), total.json().get("totals").get("buyers").asLong(), is(4L));
        assertThat(total.json().get("totals").get("orders").asLong(), is(5L));
        Response bySku = http.post(QUERY, bearer(tenant, "VIEWER"), """
                {"metrics":["buyers"],"dimensions":["sku"],"from":"2024-06-18","to":"2024-06-18"}""");
        assertThat(bySku.toString(), bySku.json().get("rows").get(0).get("buyers").asLong(), is(4L));
    }
}
