package com.bi.server;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.bi.analysis.AnalysisService;
import com.bi.common.testing.Http;
import com.bi.common.testing.RedisServer;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.TestTokens;
import com.bi.orders.OrderCodec;
import com.bi.orders.OrderEvent;
import com.bi.orders.OrderLine;
import com.bi.plantaoxi.PlanTaoxiService;
import com.bi.proto.analysis.v1.AnalysisServiceGrpc;
import com.bi.proto.analysis.v1.IngestRequest;
import com.bi.proto.analysis.v1.QueryRequest;
import com.bi.proto.analysis.v1.QueryResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * bi-server's dashboard against a real bi-analysis (its own declaration on the test PostgreSQL) and a real Redis: one
 * answer holds the KPI cards (equal to bi-analysis's own answer), the trend, the SKU ranking and the shops; it is
 * cached per tenant and query, invalidated by new orders of a covered day (bi-analysis's day versions in the same
 * Redis), never shared across tenants; a peer that is down marks its sections, and bad parameters are 400s naming them.
 */
class DashboardApiTest {
    private static final String FROM = "2024-06-10";
    private static final String TO = "2024-06-16";
    private static final String QUERY = "/api/server/v1/dashboard?range=custom&from=" + FROM + "&to=" + TO;
    private static RedisServer redis;
    private static ServiceUnderTest analysis;
    private static ServiceUnderTest plan;
    private static ServiceUnderTest server;
    private static ServiceUnderTest localServer;
    private static ServiceUnderTest orphanServer;
    private static ManagedChannel channel;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        analysis = ServiceUnderTest.of(new AnalysisService()).withDatabase()
                .config("bi.analysis.changes.redis.url", redis.url()).start();
        String analysisAddress = "127.0.0.1:" + analysis.grpcPort();
        int closed; // nothing listens there: no bi-tenant next to this test (and never another test's)
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        // the real bi-plan-taoxi (no plans for these tenants: its section answers, empty)
        plan = ServiceUnderTest.of(new PlanTaoxiService()).withDatabase().config(Map.of("bi.peers.analysis.address", analysisAddress,
                "bi.peers.basic.address", "127.0.0.1:" + closed, "bi.peers.tenant.address", "127.0.0.1:" + closed)).start();
        String planAddress = "127.0.0.1:" + plan.grpcPort();
        server = ServiceUnderTest.of(new ServerService()).config(Map.of("bi.peers.analysis.address", analysisAddress,
                "bi.peers.plan.taoxi.address", planAddress, "bi.server.cache.redis.url", redis.url(),
                "bi.peers.tenant.address", "127.0.0.1:" + closed, "bi.ratelimit.enabled", "false")).start();
        localServer = ServiceUnderTest.of(new ServerService()).config(Map.of("bi.peers.analysis.address", analysisAddress,
                "bi.peers.plan.taoxi.address", planAddress, "bi.peers.tenant.address", "127.0.0.1:" + closed,
                "bi.ratelimit.enabled", "false")).start();
        orphanServer = ServiceUnderTest.of(new ServerService()).config(Map.of("bi.peers.analysis.address", "127.0.0.1:" + closed,
                "bi.peers.analysis.timeout", "2s", "bi.peers.plan.taoxi.address", "127.0.0.1:" + closed, "bi.peers.plan.taoxi.timeout", "2s",
                "bi.peers.tenant.address", "127.0.0.1:" + closed, "bi.ratelimit.enabled", "false")).start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", analysis.grpcPort()).usePlaintext().build();
        http = server.http();
        ingest("t-dash-a", order("A1", "shop-1", "2024-06-11T02:00:00Z", "100.00", "SKU-1", 2),
                order("A2", "shop-2", "2024-06-12T02:00:00Z", "50.50", "SKU-2", 1),
                order("A3", "shop-1", "2024-06-05T02:00:00Z", "80.00", "SKU-1", 1)); // the previous period
    }

    @AfterAll
    static void stop() throws Exception {
        channel.shutdownNow();
        for (ServiceUnderTest s : new ServiceUnderTest[] {orphanServer, localServer, server, plan, analysis}) {
            if (s != null) {
                s.close();
            }
        }
        redis.close();
    }

    static OrderEvent order(String id, String shop, String payTime, String amount, String sku, int units) {
        Instant paid = Instant.parse(payTime);
        return new OrderEvent(null, "TEST", id, shop, "TMALL", paid.minusSeconds(60), paid, "PAID", "buyer-" + id,
                new BigDecimal(amount), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, paid, 1,
                List.of(new OrderLine(sku, "tea", units, new BigDecimal(amount), BigDecimal.ZERO)));
    }

    static AnalysisServiceGrpc.AnalysisServiceBlockingStub stub(String tenant, String role) {
        return stubVia(channel, tenant, role);
    }

    /** bi-analysis's stub on {@code channel} as {@code tenant} with {@code role} (also for the template dashboards' test). */
    static AnalysisServiceGrpc.AnalysisServiceBlockingStub stubVia(ManagedChannel channel, String tenant, String role) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + TestTokens.token(tenant, role));
        return AnalysisServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    static void ingest(String tenant, OrderEvent... orders) {
        ingestVia(channel, tenant, orders);
    }

    /** Ingests {@code orders} for {@code tenant} through bi-analysis's gRPC Ingest on {@code channel}. */
    static void ingestVia(ManagedChannel channel, String tenant, OrderEvent... orders) {
        IngestRequest.Builder request = IngestRequest.newBuilder();
        for (OrderEvent o : orders) {
            request.addOrders(OrderCodec.toProto(new OrderEvent(tenant, o.source(), o.externalOrderId(), o.shopId(), o.platform(),
                    o.orderTime(), o.payTime(), o.status(), o.buyerHash(), o.payAmount(), o.freight(), o.discount(), o.refundAmount(),
                    o.modifiedTime(), o.version(), o.items())));
        }
        stubVia(channel, tenant, "SERVICE").ingest(request.build());
    }

    static JsonNode section(JsonNode answer, String name) {
        return answer.get("sections").get(name);
    }

    static Map<String, Double> kpis(JsonNode answer) {
        Map<String, Double> values = new HashMap<>();
        section(answer, "kpis").get("data").forEach(k -> values.put(k.get("metric").asText(), k.get("value").asDouble()));
        return values;
    }

    @Test
    void oneAnswerComposesKpisTrendRankingAndShopsEqualToAnalysis() {
        Http.Response response = http.get(QUERY + "&shops=shop-1,shop-2", bearer("t-dash-a", "VIEWER"));
        assertThat(response.toString(), response.status(), is(200));
        JsonNode answer = response.json();
        // bi-plan-taoxi answered for the tenant, which has no plan
        assertThat(section(answer, "attainment").toString(), section(answer, "attainment").get("status").asText(), is("ok"));
        assertThat(section(answer, "attainment").get("data").size(), is(0));
        assertThat(answer.get("complete").asBoolean(), is(true));
        QueryResponse direct = stub("t-dash-a", "VIEWER").query(QueryRequest.newBuilder().addMetrics("gmv").addMetrics("orders")
                .addMetrics("units").setFrom(FROM).setTo(TO).setTotals(true).setCompare("previous_period").build());
        Map<String, Double> kpis = kpis(answer);
        assertThat(kpis.get("gmv"), closeTo(direct.getTotalsOrThrow("gmv"), 1e-9));
        assertThat(kpis.get("gmv"), closeTo(150.50, 1e-9));
        assertThat(kpis.get("orders"), closeTo(2, 1e-9));
        assertThat(kpis.get("units"), closeTo(3, 1e-9));
        JsonNode gmv = section(answer, "kpis").get("data").get(0);
        assertThat(gmv.get("previous").asDouble(), closeTo(80.00, 1e-9));
        assertThat(gmv.get("change").asDouble(), closeTo((150.50 - 80) / 80, 1e-9));
        JsonNode trend = section(answer, "trend").get("data");
        assertThat(trend.size(), is(7)); // one point per day, zeros included
        assertThat(trend.get(1).get("day").asText(), is("2024-06-11"));
        assertThat(trend.get(1).get("gmv").asDouble(), closeTo(100.00, 1e-9));
        JsonNode skus = section(answer, "sku_ranking").get("data");
        assertThat(skus.get(0).get("sku").asText(), is("SKU-1"));
        assertThat(skus.get(0).get("rank").asInt(), is(1));
        JsonNode shops = section(answer, "shops").get("data");
        assertThat(shops.get(0).get("shop").asText(), is("shop-1"));
        assertThat(shops.get(0).get("previous_gmv").asDouble(), closeTo(80.00, 1e-9));
    }

    @Test
    void answersAreCachedAndNewOrdersOfACoveredDayInvalidateThem() {
        String query = QUERY + "&platform=tmall";
        String viewer = bearer("t-dash-c", "VIEWER");
        ingest("t-dash-c", order("C1", "shop-1", "2024-06-13T02:00:00Z", "10.00", "SKU-1", 1));
        assertThat(http.get(query, viewer).header("X-Bi-Cache"), is("miss"));
        Http.Response hit = http.get(query, viewer);
        assertThat(hit.header("X-Bi-Cache"), is("hit"));
        assertThat(kpis(hit.json()).get("gmv"), closeTo(10.00, 1e-9));

        ingest("t-dash-c", order("C2", "shop-1", "2024-07-20T02:00:00Z", "99.00", "SKU-1", 1)); // a day outside the range
        assertThat(http.get(query, viewer).header("X-Bi-Cache"), is("hit"));

        ingest("t-dash-c", order("C3", "shop-1", "2024-06-15T02:00:00Z", "5.00", "SKU-1", 1)); // a covered day
        Http.Response fresh = http.get(query, viewer);
        assertThat(fresh.header("X-Bi-Cache"), is("miss"));
        assertThat(kpis(fresh.json()).get("gmv"), closeTo(15.00, 1e-9));
        assertThat(http.get(query, viewer).header("X-Bi-Cache"), is("hit"));
    }

    @Test
    void aTenantNeverGetsAnotherTenantsCachedAnswer() {
        String query = QUERY + "&shops=shop-1";
        assertThat(http.get(query, bearer("t-dash-a", "VIEWER")).status(), is(200));
        assertThat(http.get(query, bearer("t-dash-a", "VIEWER")).header("X-Bi-Cache"), is("hit"));
        Http.Response other = http.get(query, bearer("t-dash-b", "VIEWER"));
        assertThat(other.header("X-Bi-Cache"), is("miss"));
        assertThat(kpis(other.json()).get("gmv"), closeTo(0, 1e-9));
        assertThat(section(other.json(), "shops").get("data").size(), is(0));
        assertThat(other.body().contains("SKU-1"), is(false));
    }

    @Test
    void withoutRedisAnswersAreCachedInProcess() {
        Http local = localServer.http();
        String query = QUERY + "&shops=shop-2";
        assertThat(local.get(query, bearer("t-dash-a", "VIEWER")).header("X-Bi-Cache"), is("miss"));
        Http.Response hit = local.get(query, bearer("t-dash-a", "VIEWER"));
        assertThat(hit.header("X-Bi-Cache"), is("hit"));
        assertThat(kpis(hit.json()).get("gmv"), closeTo(50.50, 1e-9));
    }

    @Test
    void aPeerThatIsDownMarksItsSectionsAndTheAnswerIsNotCached() {
        Http orphan = orphanServer.http();
        Http.Response response = orphan.get(QUERY, bearer("t-dash-a", "VIEWER"));
        assertThat(response.toString(), response.status(), is(200));
        JsonNode answer = response.json();
        assertThat(answer.get("complete").asBoolean(), is(false));
        for (String name : List.of("kpis", "trend", "sku_ranking", "shops")) {
            assertThat(name, section(answer, name).get("status").asText(), is("unavailable"));
            assertThat(section(answer, name).get("service").asText(), is("bi-analysis"));
        }
        assertThat(section(answer, "attainment").get("status").asText(), is("unavailable"));
        assertThat(section(answer, "attainment").get("service").asText(), is("bi-plan-taoxi"));
        assertThat(orphan.get(QUERY, bearer("t-dash-a", "VIEWER")).header("X-Bi-Cache"), is("miss"));
    }

    @Test
    void hitsAndMissesAreInTheMetrics() {
        http.get(QUERY + "&shops=shop-9", bearer("t-dash-m", "VIEWER"));
        http.get(QUERY + "&shops=shop-9", bearer("t-dash-m", "VIEWER"));
        String metrics = http.get("/observe/metrics", null).body();
        assertThat(metrics, containsString("bi_server_dashboard_cache_total{"));
        assertThat(metrics.lines().anyMatch(l -> l.startsWith("bi_server_dashboard_cache_total{") && l.contains("outcome=\"hit\"")
                && l.contains("store=\"redis\"") && !l.endsWith(" 0.0")), is(true));
    }

    @Test
    void badParametersAre400sNamingTheParameter() {
        Map<String, String> cases = Map.of(
                "range=week", "range",
                "range=custom&from=2024-06-10", "to",
                "range=custom&from=2024-13-01&to=2024-06-10", "from",
                "range=custom&from=2024-06-10&to=2024-06-01", "to",
                "range=custom&from=2023-01-01&to=2024-06-01", "to",
                "from=2024-06-10", "from",
                "platform=AMAZON", "platform",
                "shops=a%20b", "shops",
                "color=red", "color",
                "range=today&range=yesterday", "range");
        cases.forEach((query, param) -> {
            Http.Response response = http.get("/api/server/v1/dashboard?" + query, bearer("t-dash-a", "VIEWER"));
            assertThat(query, response.status(), is(400));
            assertThat(query, response.contentType(), startsWith("application/problem+json"));
            assertThat(query, response.json().get("field").asText(), is(param));
        });
    }

    @Test
    void meNamesTheCallerAndSaysWhenBiTenantCannotAnswer() {
        Http.Response response = http.get("/api/server/v1/me", bearer("t-dash-a", "ADMIN"));
        assertThat(response.toString(), response.status(), is(200));
        assertThat(response.json().get("tenant").get("code").asText(), is("t-dash-a"));
        assertThat(response.json().get("roles").get(0).asText(), is("ADMIN"));
        // no bi-tenant runs next to this test: the name is missing, said plainly, not a 500
        assertThat(response.json().get("tenant").get("available").asBoolean(), is(false));
    }
}
