package com.bi.plantaoxi;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.TestTokens;
import com.bi.proto.plan.v1.AttainmentResponse;
import com.bi.proto.plan.v1.GetAttainmentRequest;
import com.bi.proto.plan.v1.GetPlanRequest;
import com.bi.proto.plan.v1.PlanServiceGrpc;
import com.bi.proto.plan.v1.UpsertPlanRequest;
import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * bi-plan-taoxi over HTTP and gRPC on PostgreSQL, with the real bi-basic (shops) and bi-analysis (orders ingested
 * through its Ingest, as the connectors do). The service's clock stands at 2025-04-11 09:00 in Shanghai, so April
 * counts to the 10th. Each test uses a tenant of its own.
 */
class PlanApiTest {
    private static final Clock APRIL_11 = Clock.fixed(Instant.parse("2025-04-11T01:00:00Z"), PlanTestPeers.SHANGHAI);
    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new PlanTaoxiService()).withDatabase()
            .config(PlanTestPeers.config()).clock(APRIL_11);
    private static final String P = "/api/plan/v1";
    private static ManagedChannel channel;
    private final Http http;

    PlanApiTest(Http http) {
        this.http = http;
    }

    @AfterAll
    static void closeChannel() {
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    private static String plan(String gmv, long orders) {
        return "{\"target_gmv\":\"" + gmv + "\",\"target_orders\":" + orders + "}";
    }

    private static void assertProblem(Http.Response r, int status, String field) {
        assertThat(r.toString(), r.status(), is(status));
        assertThat(r.contentType(), startsWith("application/problem+json"));
        assertThat(r.toString(), r.json().get("field").asText(), is(field));
    }

    @Test
    void attainmentAndForecastFromTheShopsOwnHistory() {
        String t = "api-attain";
        String writer = bearer(t, "ANALYST");
        long tmall = PlanTestPeers.shop(t, "Weekend flagship", "TMALL", "att-tm");
        long taobao = PlanTestPeers.shop(t, "New outlet", "TAOBAO", "att-tb");
        // 8 weeks before April: Saturdays sell 800.00, other days 100.00; April 1..10 the same; the 11th (today) too
        List<com.bi.orders.OrderEvent> history = new java.util.ArrayList<>();
        for (LocalDate d = LocalDate.of(2025, 2, 3); !d.isAfter(LocalDate.of(2025, 4, 11)); d = d.plusDays(1)) {
            String gmv = d.getDayOfWeek() == java.time.DayOfWeek.SATURDAY ? "800.00" : "100.00";
            history.add(PlanTestPeers.order(t, "att-tm", "TMALL", d, gmv));
        }
        PlanTestPeers.ingest(t, history);
        PlanTestPeers.sales(t, "att-tb", "TAOBAO", LocalDate.of(2025, 4, 1), LocalDate.of(2025, 4, 10), "50.00");
        assertThat(http.put(P + "/plans/" + tmall + "/2025-04", writer, plan("29000.00", 290), null).status(), is(201));
        assertThat(http.put(P + "/plans/" + taobao + "/2025-04", writer, plan("3000.00", 30), null).status(), is(201));

        // the daily split: Saturday factor 4, other days 0.5 (mean of the weekday means = 200); 4 Saturdays x 4 + 26 x 0.5 = 29
        JsonNode daily = http.get(P + "/plans/" + tmall + "/2025-04/daily", bearer(t, "VIEWER")).json();
        assertThat(daily.get("weekday_profile").get("learned").asBoolean(), is(true));
        assertThat(daily.get("weekday_profile").get("factors").get("SATURDAY").asText(), is("4.0000"));
        assertThat(daily.get("weekday_profile").get("factors").get("MONDAY").asText(), is("0.5000"));
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal toDate = BigDecimal.ZERO;
        long orders = 0;
        for (JsonNode day : daily.get("days")) {
            sum = sum.add(new BigDecimal(day.get("target_gmv").asText()));
            orders += day.get("target_orders").asLong();
            if (LocalDate.parse(day.get("day").asText()).isBefore(LocalDate.of(2025, 4, 11))) {
                toDate = toDate.add(new BigDecimal(day.get("target_gmv").asText()));
            }
        }
        assertThat(sum, comparesEqualTo(new BigDecimal("29000.00")));
        assertThat(orders, is(290L));
        assertThat(daily.get("days").get(4).get("target_gmv").asText(), is("4000.00")); // Saturday April 5
        assertThat(daily.get("days").get(0).get("target_gmv").asText(), is("500.00"));

        Http.Response answer = http.get(P + "/attainment?month=2025-04", bearer(t, "VIEWER"));
        assertThat(answer.toString(), answer.status(), is(200));
        JsonNode a = answer.json();
        assertThat(a.get("as_of").asText(), is("2025-04-10"));
        assertThat(a.get("time_zone").asText(), is("Asia/Shanghai"));
        JsonNode tm = a.get("shops").get(0);
        assertThat(tm.get("shop_id").asLong(), is(tmall));
        assertThat(tm.get("shop_name").asText(), is("Weekend flagship"));
        // April 1..10: 9 days x 100 + Saturday 800 = 1700.00 sold; 9 x 0.5 + 4 = 8.5 units = 8500.00 expected
        assertThat(tm.get("mtd_gmv").asText(), is("1700.00"));
        assertThat(tm.get("mtd_orders").asLong(), is(10L));
        assertThat(tm.get("expected_gmv_to_date").asText(), is("8500.00"));
        assertThat(new BigDecimal(tm.get("expected_gmv_to_date").asText()), comparesEqualTo(toDate));
        assertThat(tm.get("attainment").asDouble(), is(0.2));
        assertThat(tm.get("status").asText(), is("BEHIND"));
        // 200.00 a unit so far, 20.5 units left: 1700 + 4100
        assertThat(tm.get("forecast_method").asText(), is("WEEKDAY_PROFILE"));
        assertThat(tm.get("forecast_gmv").asText(), is("5800.00"));
        assertThat(tm.get("forecast_orders").asLong(), is(34L));
        JsonNode tb = a.get("shops").get(1);
        assertThat(tb.get("forecast_method").asText(), is("RUN_RATE"));
        assertThat(tb.get("mtd_gmv").asText(), is("500.00"));
        assertThat(tb.get("expected_gmv_to_date").asText(), is("1000.00"));
        assertThat(tb.get("forecast_gmv").asText(), is("1500.00"));

        // the tenant's own thresholds decide the status: 0.5 is AT_RISK from 40 %
        assertThat(http.put(P + "/thresholds", bearer(t, "ADMIN"), "{\"on_track_percent\":60,\"at_risk_percent\":40}", null)
                .status(), is(200));
        JsonNode again = http.get(P + "/attainment?month=2025-04&shop_id=" + taobao, bearer(t, "VIEWER")).json();
        assertThat(again.get("shops").size(), is(1));
        assertThat(again.get("shops").get(0).get("status").asText(), is("AT_RISK"));
        // the current month is the default
        assertThat(http.get(P + "/attainment", bearer(t, "VIEWER")).json().get("month").asText(), is("2025-04"));

        // an override moves target between days, the month still sums to the plan
        JsonNode overridden = http.put(P + "/plans/" + taobao + "/2025-04/overrides", bearer(t, "ANALYST"),
                "{\"overrides\":[{\"day\":\"2025-04-01\",\"weight\":0},{\"day\":\"2025-04-02\",\"weight\":2}]}", null).json();
        assertThat(overridden.get("days").get(0).get("target_gmv").asText(), is("0.00"));
        assertThat(overridden.get("days").get(0).get("basis").asText(), is("OVERRIDE"));
        assertThat(overridden.get("days").get(1).get("target_gmv").asText(), is("200.00"));
    }

    @Test
    void everyChangeIsAVersionAndAnyVersionCanBeRead() {
        String t = "api-versions";
        long shop = PlanTestPeers.shop(t, "Versioned", "TMALL", "ver-tm");
        String one = P + "/plans/" + shop + "/2025-05";
        Http.Response created = http.put(one, bearer(t, "ANALYST"), plan("1000.00", 10), null);
        assertThat(created.status(), is(201));
        assertThat(created.header("ETag"), is("\"1\""));
        assertThat(http.put(one, bearer(t, "ANALYST"), plan("1000", 10), "\"1\"").status(), is(200));
        Http.Response changed = http.put(one, bearer(t, "ADMIN"), plan("2000.00", 20), "\"1\"");
        assertThat(changed.json().get("version").asLong(), is(2L));
        Http.Response stale = http.put(one, bearer(t, "ADMIN"), plan("3000.00", 30), "\"1\"");
        assertThat(stale.status(), is(412));
        assertThat(http.put(one, bearer(t, "ADMIN"), plan("3000.00", 30), null).status(), is(428));
        assertThat(http.delete(one, bearer(t, "ADMIN"), null).status(), is(204));
        assertThat(http.get(one, bearer(t, "VIEWER")).status(), is(404));
        JsonNode versions = http.get(one + "/versions", bearer(t, "VIEWER")).json();
        assertThat(versions.get("total").asInt(), is(3));
        assertThat(versions.get("items").get(0).get("change").asText(), is("CREATE"));
        assertThat(versions.get("items").get(1).get("change").asText(), is("UPDATE"));
        assertThat(versions.get("items").get(2).get("change").asText(), is("DELETE"));
        assertThat(versions.get("items").get(1).get("changed_by").asText(), is("user-" + t));
        JsonNode first = http.get(one + "/versions/1", bearer(t, "VIEWER")).json();
        assertThat(first.get("target_gmv").asText(), is("1000.00"));
        assertThat(first.get("shop_name").asText(), is("Versioned"));
        // after a delete the plan comes back as the next version
        Http.Response back = http.put(one, bearer(t, "ANALYST"), plan("500.00", 5), null);
        assertThat(back.status(), is(201));
        assertThat(back.json().get("version").asLong(), is(4L));
    }

    @Test
    void onlyTaoxiShopsGetPlansAndBadInputIsAProblemNamingTheField() {
        String t = "api-input";
        long jd = PlanTestPeers.shop(t, "JD self", "JD", "in-jd");
        long tmall = PlanTestPeers.shop(t, "Input flagship", "TMALL", "in-tm");
        Http.Response refused = http.put(P + "/plans/" + jd + "/2025-04", bearer(t, "ANALYST"), plan("1.00", 1), null);
        assertProblem(refused, 422, "shop_id");
        assertThat(refused.json().get("detail").asText(), containsString("shop " + jd + " (JD self) is a JD shop"));
        assertProblem(http.put(P + "/plans/999999/2025-04", bearer(t, "ANALYST"), plan("1.00", 1), null), 422, "shop_id");
        String one = P + "/plans/" + tmall + "/2025-04";
        assertProblem(http.put(one, bearer(t, "ANALYST"), plan("1.005", 1), null), 400, "target_gmv");
        assertProblem(http.put(one, bearer(t, "ANALYST"), plan("99999999999999.00", 1), null), 400, "target_gmv");
        assertProblem(http.put(one, bearer(t, "ANALYST"), "{\"target_gmv\":\"1.00\",\"target_orders\":-1}", null), 400, "target_orders");
        assertProblem(http.put(one, bearer(t, "ANALYST"), "{\"target_gmv\":\"1.00\"}", null), 400, "target_orders");
        assertProblem(http.put(one, bearer(t, "ANALYST"), "{\"target_gmv\":\"1.00\",\"target_orders\":1,\"x\":1}", null), 400, "x");
        assertProblem(http.put(P + "/plans/" + tmall + "/2025-13", bearer(t, "ANALYST"), plan("1.00", 1), null), 400, "month");
        assertProblem(http.get(P + "/plans/abc/2025-04", bearer(t, "VIEWER")), 400, "shop_id");
        assertProblem(http.get(P + "/attainment?shop_id=1,x", bearer(t, "VIEWER")), 400, "shop_id");
        assertThat(http.put(one, bearer(t, "ANALYST"), plan("100.00", 1), null).status(), is(201));
        assertProblem(http.put(one + "/overrides", bearer(t, "ANALYST"), "{\"overrides\":[{\"day\":\"2025-04-31\",\"weight\":1}]}", null),
                400, "overrides[0].day");
        assertProblem(http.put(one + "/overrides", bearer(t, "ANALYST"), "{\"overrides\":[{\"day\":\"2025-04-03\",\"weight\":101}]}", null),
                400, "overrides[0].weight");
        assertProblem(http.put(P + "/thresholds", bearer(t, "ADMIN"), "{\"on_track_percent\":80,\"at_risk_percent\":90}", null),
                400, "at_risk_percent");
        assertThat(http.put(one, bearer(t, "VIEWER"), plan("1.00", 1), null).status(), is(403));
        assertThat(http.put(P + "/thresholds", bearer(t, "ANALYST"), "{\"on_track_percent\":80,\"at_risk_percent\":70}", null).status(),
                is(403));
    }

    @Test
    void aTargetGmvBeyondADoubleIsA400NamingTheField() {
        // hostile input: 1e999999999 is read as an infinite double, and new BigDecimal("Infinity") was a 500
        for (String gmv : List.of("1e999999999", "-1e999999999")) {
            assertProblem(http.put(P + "/plans/1/2025-04", bearer("api-huge", "ANALYST"),
                    "{\"target_gmv\":" + gmv + ",\"target_orders\":1}", null), 400, "target_gmv");
        }
    }

    @Test
    void tenantANeverSeesTenantBsPlans() {
        String a = "api-iso-a";
        String b = "api-iso-b";
        long shopB = PlanTestPeers.shop(b, "Bravo flagship", "TMALL", "iso-b");
        PlanTestPeers.shop(a, "Alpha flagship", "TMALL", "iso-a");
        String planB = P + "/plans/" + shopB + "/2025-04";
        assertThat(http.put(planB, bearer(b, "ADMIN"), plan("5000.00", 50), null).status(), is(201));
        assertThat(http.get(planB, bearer(a, "ADMIN")).status(), is(404));
        assertThat(http.get(planB + "/versions", bearer(a, "ADMIN")).status(), is(404));
        assertThat(http.get(planB + "/versions/1", bearer(a, "ADMIN")).status(), is(404));
        assertThat(http.get(planB + "/daily", bearer(a, "ADMIN")).status(), is(404));
        assertThat(http.delete(planB, bearer(a, "ADMIN"), null).status(), is(404));
        assertThat(http.get(P + "/plans?month=2025-04", bearer(a, "ADMIN")).json().get("total").asInt(), is(0));
        assertThat(http.get(P + "/attainment?month=2025-04", bearer(a, "ADMIN")).json().get("shops").size(), is(0));
        assertThat(http.get(P + "/plans/export?from=2025-04", bearer(a, "ADMIN")).body(), is(
                "shop_id,month,target_gmv,target_orders,note,shop_name,platform,version,changed_by,changed_at\r\n"));
        // bi-basic answers for A's token: B's shop id is not A's shop
        assertProblem(http.put(planB, bearer(a, "ADMIN"), plan("1.00", 1), null), 422, "shop_id");
        assertThat(http.get(planB, bearer(b, "VIEWER")).json().get("target_gmv").asText(), is("5000.00"));
        assertThat(stub(a, "SERVICE").getAttainment(GetAttainmentRequest.newBuilder().setMonth("2025-04").build()).getShopsCount(),
                is(0));
    }

    @Test
    void csvImportIsAllOrNothingUnlessPartialAndExportImportsBack() {
        String t = "api-csv";
        String writer = bearer(t, "ANALYST");
        long s1 = PlanTestPeers.shop(t, "CSV one", "TMALL", "csv-1");
        long s2 = PlanTestPeers.shop(t, "=HYPERLINK(\\\"x\\\")", "TAOBAO", "csv-2");
        long jd = PlanTestPeers.shop(t, "CSV jd", "JD", "csv-jd");
        String csv = "shop_id,month,target_gmv,target_orders,note\n"
                + s1 + ",2025-06,618000.00,6180,6.18 push\n"
                + s2 + ",2025-06,1000,10,\n"
                + jd + ",2025-06,1000,10,\n"
                + s1 + ",2025-13,x,-1,\n"
                + s2 + ",2025-06,2000,20,twice\n";
        Http.Response rejected = http.send("POST", P + "/plans/import", writer, csv, null, "text/csv");
        assertThat(rejected.toString(), rejected.status(), is(422));
        assertThat(rejected.contentType(), startsWith("application/problem+json"));
        JsonNode errors = rejected.json().get("errors");
        assertThat(errors.toString(), errors.size(), is(5));
        assertThat(errors.get(0).get("line").asInt(), is(4));
        assertThat(errors.get(0).get("field").asText(), is("shop_id"));
        assertThat(errors.get(0).get("message").asText(), containsString("JD shop"));
        assertThat(errors.get(1).get("field").asText() + errors.get(2).get("field").asText() + errors.get(3).get("field").asText(),
                is("monthtarget_gmvtarget_orders"));
        assertThat(errors.get(4).get("line").asInt(), is(6));
        assertThat(errors.get(4).get("message").asText(), containsString("already on line 3"));
        assertThat("nothing was imported", http.get(P + "/plans?month=2025-06", writer).json().get("total").asInt(), is(0));

        Http.Response partial = http.send("POST", P + "/plans/import?mode=partial", writer, csv, null, "text/csv");
        assertThat(partial.toString(), partial.status(), is(200));
        assertThat(partial.json().get("created").asInt(), is(2));
        assertThat(partial.json().get("rejected").size(), is(5));
        JsonNode listed = http.get(P + "/plans?month=2025-06", writer).json();
        assertThat(listed.get("total").asInt(), is(2));
        assertThat(listed.get("items").get(0).get("change").asText(), is("IMPORT"));
        assertThat(listed.get("items").get(0).get("note").asText(), is("6.18 push"));

        Http.Response export = http.get(P + "/plans/export?from=2025-06", writer);
        assertThat(export.contentType(), startsWith("text/csv"));
        assertThat("a formula-like shop name is defused", export.body(), containsString(",\"'=HYPERLINK(\"\"x\"\")\","));
        Http.Response again = http.send("POST", P + "/plans/import", writer, export.body(), null, "text/csv");
        assertThat(again.toString(), again.json().get("unchanged").asInt(), is(2));
        assertThat(again.json().get("created").asInt(), is(0));
        Http.Response changed = http.send("POST", P + "/plans/import", writer,
                "\uFEFFshop_id,month,target_gmv,target_orders\r\n" + s1 + ",2025-06,700000,7000\r\n", null, "text/csv");
        assertThat(changed.json().get("updated").asInt(), is(1));
        assertThat(http.get(P + "/plans/" + s1 + "/2025-06/versions", writer).json().get("total").asInt(), is(2));
        assertProblem(http.send("POST", P + "/plans/import", writer, "shop_id,month,target_gmv\n1,2025-06,1\n", null, "text/csv"),
                400, "header");
        assertProblem(http.send("POST", P + "/plans/import", writer, "shop_id,month,target_gmv,target_orders\n", null, "text/csv"),
                400, "body");
        assertProblem(http.send("POST", P + "/plans/import", writer,
                "shop_id,month,target_gmv,target_orders\n\"1,2025-06,1,1\n", null, "text/csv"), 400, "body");
        assertProblem(http.send("POST", P + "/plans/import?mode=some", writer, csv, null, "text/csv"), 400, "mode");
        assertThat(http.send("POST", P + "/plans/import", bearer(t, "VIEWER"), csv, null, "text/csv").status(), is(403));
    }

    @Test
    void grpcContract() {
        String t = "api-grpc";
        long shop = PlanTestPeers.shop(t, "gRPC flagship", "TMALL", "grpc-tm");
        long jd = PlanTestPeers.shop(t, "gRPC jd", "JD", "grpc-jd");
        PlanTestPeers.sales(t, "grpc-tm", "TMALL", LocalDate.of(2025, 4, 1), LocalDate.of(2025, 4, 10), "100.00");
        var service = stub(t, "SERVICE");
        var plan = service.upsertPlan(UpsertPlanRequest.newBuilder().setShopId(Long.toString(shop)).setMonth("2025-04")
                .setTargetGmv("3000.00").setTargetOrders(30).setNote("seeded").build());
        assertThat(plan.getVersion(), is(1L));
        assertThat(plan.getPlatform(), is("TMALL"));
        assertThat(service.getPlan(GetPlanRequest.newBuilder().setShopId(Long.toString(shop)).setMonth("2025-04").build())
                .getNote(), is("seeded"));
        AttainmentResponse a = stub(t, "VIEWER").getAttainment(GetAttainmentRequest.newBuilder().setMonth("2025-04").build());
        assertThat(a.getAsOf(), is("2025-04-10"));
        assertThat(a.getShopsCount(), is(1));
        assertThat(a.getShops(0).getShopId(), is(Long.toString(shop)));
        assertThat(a.getShops(0).getMtdGmv(), is("1000.00"));
        assertThat(a.getShops(0).getExpectedGmvToDate(), is("1000.00"));
        assertThat(a.getShops(0).getAttainment(), is(1.0));
        assertThat(a.getShops(0).getStatus(), is("ON_TRACK"));
        assertThat(a.getShops(0).getForecastMethod(), is("RUN_RATE"));
        assertThat(a.getShops(0).getForecastGmv(), is("3000.00"));
        assertThat(a.getOnTrackThreshold(), is(0.95));

        StatusRuntimeException viewer = assertThrows(StatusRuntimeException.class, () -> stub(t, "VIEWER").upsertPlan(
                UpsertPlanRequest.newBuilder().setShopId(Long.toString(shop)).setMonth("2025-04").setTargetGmv("1").build()));
        assertThat(viewer.getStatus().getCode(), is(Status.Code.PERMISSION_DENIED));
        StatusRuntimeException notTaoxi = assertThrows(StatusRuntimeException.class, () -> service.upsertPlan(
                UpsertPlanRequest.newBuilder().setShopId(Long.toString(jd)).setMonth("2025-04").setTargetGmv("1").build()));
        assertThat(notTaoxi.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(notTaoxi.getStatus().getDescription(), containsString("is a JD shop"));
        StatusRuntimeException badMonth = assertThrows(StatusRuntimeException.class, () -> service.getAttainment(
                GetAttainmentRequest.newBuilder().setMonth("April").build()));
        assertThat(badMonth.getStatus().getCode(), is(Status.Code.INVALID_ARGUMENT));
        assertThat(badMonth.getStatus().getDescription(), containsString("month"));
    }

    @Test
    void anUnreachableAnalysisIsA503NotA500() {
        ServiceUnderTest cut = ServiceUnderTest.of(new PlanTaoxiService()).withDatabase()
                .config(PlanTestPeers.config()).config("bi.peers.analysis.address", "127.0.0.1:1")
                .config("bi.peers.analysis.timeout", "2s").clock(APRIL_11).start();
        try {
            String t = "api-down";
            long shop = PlanTestPeers.shop(t, "Down flagship", "TMALL", "down-tm");
            Http h = cut.http();
            Http.Response created = h.put(P + "/plans/" + shop + "/2025-04", bearer(t, "ANALYST"), plan("1.00", 1), null);
            assertThat(created.toString(), created.status(), is(201));
            Http.Response down = h.get(P + "/attainment?month=2025-04", bearer(t, "VIEWER"));
            assertThat(down.toString(), down.status(), is(503));
            assertThat(down.contentType(), startsWith("application/problem+json"));
            assertThat(down.json().get("detail").asText(), containsString("bi-analysis"));
            assertThat(down.header("Retry-After"), is("1"));
        } finally {
            cut.close();
        }
    }

    private static synchronized PlanServiceGrpc.PlanServiceBlockingStub stub(String tenant, String... roles) {
        if (channel == null) {
            channel = NettyChannelBuilder.forAddress("127.0.0.1", SERVICE.grpcPort()).usePlaintext().build();
        }
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + TestTokens.ISSUER.token(tenant, "svc", List.of(roles), Duration.ofMinutes(10)));
        return PlanServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }
}
