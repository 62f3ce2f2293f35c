package com.bi.server;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.bi.analysis.AnalysisService;
import com.bi.common.openapi.OpenApiContract;
import com.bi.common.testing.Http;
import com.bi.common.testing.RedisServer;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.proto.analysis.v1.QueryRequest;
import com.bi.proto.analysis.v1.QueryResponse;
import com.bi.template.TemplateService;
import com.bi.tenant.TenantService;
import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * The template dashboards against the real services: bi-tenant (the tenants), bi-analysis (orders ingested through
 * its gRPC Ingest, day versions in a real Redis), bi-template (the starter templates installed per tenant) and
 * bi-server: listed and rendered in one call with the console's filters, KPIs equal to bi-analysis's own answer,
 * never another tenant's template, bad input as 4xx naming the field, bi-template down as a 503 naming it, and the
 * rendered answer cached like the daily dashboard's (hit, then invalidated by new orders of a covered day only).
 */
class TemplateDashboardApiTest {
    private static final String FROM = "2024-06-10";
    private static final String TO = "2024-06-16";
    private static final String RANGE = "range=custom&from=" + FROM + "&to=" + TO;
    private static final List<ServiceUnderTest> SERVICES = new ArrayList<>();
    private static RedisServer redis;
    private static ServiceUnderTest analysis;
    private static ServiceUnderTest template;
    private static ServiceUnderTest orphan;
    private static ManagedChannel channel;
    private static Http http;
    private static OpenApiContract contract;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        Map<String, String> common = new HashMap<>(Map.of("bi.ratelimit.enabled", "false"));
        ServiceUnderTest tenant = start(ServiceUnderTest.of(new TenantService()).withDatabase().config(common));
        common.put("bi.peers.tenant.address", tenant.grpcAddress());
        analysis = start(ServiceUnderTest.of(new AnalysisService()).withDatabase().config(common)
                .config("bi.analysis.changes.redis.url", redis.url()));
        template = start(ServiceUnderTest.of(new TemplateService()).withDatabase().config(common)
                .config("bi.peers.analysis.address", analysis.grpcAddress()).config("bi.template.panel.timeout", "20s"));
        Map<String, String> server = new HashMap<>(common);
        server.putAll(Map.of("bi.peers.analysis.address", analysis.grpcAddress(), "bi.peers.template.address", template.grpcAddress(),
                "bi.server.cache.redis.url", redis.url(), "bi.server.template.render.timeout", "30s"));
        ServiceUnderTest serverUnderTest = start(ServiceUnderTest.of(new ServerService()).config(server));
        http = serverUnderTest.http();
        contract = OpenApiContract.load().at(serverUnderTest.uri());
        int closed; // nothing listens there: bi-template is not running for this bi-server
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Map<String, String> orphanConfig = new HashMap<>(server);
        orphanConfig.putAll(Map.of("bi.peers.template.address", "127.0.0.1:" + closed, "bi.peers.template.timeout", "2s"));
        orphan = start(ServiceUnderTest.of(new ServerService()).config(orphanConfig));

        Http tenants = tenant.http();
        for (String code : List.of("t-tpl-a", "t-tpl-b", "t-tpl-c")) {
            assertThat(tenants.post("/api/tenant/v1/admin/tenants", bearer("platform", "PLATFORM_ADMIN"),
                    "{\"code\":\"" + code + "\",\"name\":\"" + code + "\"}").status(), is(201));
            Http.Response installed = template.http().post("/api/template/v1/starters/install", bearer(code, "ADMIN"), null);
            assertThat(installed.toString(), installed.status(), is(200));
        }
        channel = NettyChannelBuilder.forAddress("127.0.0.1", analysis.grpcPort()).usePlaintext().build();
        DashboardApiTest.ingestVia(channel, "t-tpl-a", DashboardApiTest.order("A1", "shop-1", "2024-06-11T02:00:00Z", "100.00", "SKU-1", 2),
                DashboardApiTest.order("A2", "shop-2", "2024-06-12T02:00:00Z", "50.50", "SKU-2", 1),
                DashboardApiTest.order("A3", "shop-1", "2024-06-05T02:00:00Z", "80.00", "SKU-1", 1)); // the previous period
        DashboardApiTest.ingestVia(channel, "t-tpl-b", DashboardApiTest.order("B1", "shop-b", "2024-06-11T02:00:00Z", "777.00", "SKU-B", 1));
    }

    private static ServiceUnderTest start(ServiceUnderTest service) {
        SERVICES.add(service.start());
        return service;
    }

    @AfterAll
    static void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow();
        }
        SERVICES.reversed().forEach(ServiceUnderTest::close);
        if (redis != null) {
            redis.close();
        }
    }

    /** The id of the tenant's starter named {@code name}, from bi-server's list. */
    private static String templateId(String tenant, String name) {
        for (JsonNode t : http.get("/api/server/v1/dashboards", bearer(tenant, "VIEWER")).json().get("templates")) {
            if (t.get("name").asText().equals(name)) {
                return t.get("id").asText();
            }
        }
        throw new AssertionError("no template " + name + " for " + tenant);
    }

    private static JsonNode panel(JsonNode answer, String id) {
        for (JsonNode p : answer.get("panels")) {
            if (p.get("id").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no panel " + id + " in " + answer);
    }

    private static JsonNode kpi(JsonNode answer, String metric) {
        for (JsonNode k : panel(answer, "kpis").get("kpis")) {
            if (k.get("metric").asText().equals(metric)) {
                return k;
            }
        }
        throw new AssertionError("no KPI " + metric + " in " + answer);
    }

    @Test
    void listsTheTemplatesTheCallerMayViewWithTheirPanels() {
        // the answer is one the OpenAPI document describes
        Http.Response response = contract.call(OpenApiContract.Call.get("/api/server/v1/dashboards", bearer("t-tpl-a", "VIEWER")), 200);
        Map<String, String> panelsByName = new HashMap<>();
        Map<String, String> kindByName = new HashMap<>();
        for (JsonNode t : response.json().get("templates")) {
            panelsByName.put(t.get("name").asText(), t.get("panels").asText());
            kindByName.put(t.get("name").asText(), t.get("kind").asText());
            assertThat(t.toString(), t.get("built_in").asBoolean(), is(true));
            assertThat(t.toString(), t.get("id").asText().isEmpty(), is(false));
        }
        assertThat(panelsByName, is(Map.of("Daily sales report", "4", "Shop comparison", "3", "SKU ranking", "3")));
        assertThat(kindByName.get("Shop comparison"), is("DASHBOARD"));
        assertThat(kindByName.get("Daily sales report"), is("REPORT"));
    }

    @Test
    void rendersAStarterInOneAnswerWithKpisEqualToAnalysis() {
        String id = templateId("t-tpl-a", "Daily sales report");
        // the answer is one the OpenAPI document describes
        Http.Response response = contract.call(OpenApiContract.Call.get("/api/server/v1/dashboards/" + id + "?" + RANGE,
                bearer("t-tpl-a", "VIEWER")), 200);
        JsonNode answer = response.json();
        assertThat(answer.get("template").get("id").asText(), is(id));
        assertThat(answer.get("from").asText(), is(FROM));
        assertThat(answer.get("to").asText(), is(TO));
        assertThat(answer.toString(), answer.get("partial").asBoolean(), is(false));
        assertThat(answer.get("applied").toString(), is("{\"range\":true,\"shops\":true,\"platform\":true}"));

        QueryResponse direct = DashboardApiTest.stubVia(channel, "t-tpl-a", "VIEWER").query(QueryRequest.newBuilder().addMetrics("gmv")
                .addMetrics("orders").addMetrics("aov").addMetrics("buyers").setFrom(FROM).setTo(TO).setTotals(true)
                .setCompare("previous_period").build());
        for (String metric : List.of("gmv", "orders", "aov", "buyers")) {
            assertThat(metric, kpi(answer, metric).get("value").asDouble(), closeTo(direct.getTotalsOrThrow(metric), 0.005));
            assertThat(metric, kpi(answer, metric).get("previous").asDouble(), closeTo(direct.getCompareTotalsOrThrow(metric), 0.005));
        }
        assertThat(kpi(answer, "gmv").get("value").asDouble(), closeTo(150.50, 1e-9));
        assertThat(kpi(answer, "gmv").get("previous").asDouble(), closeTo(80.00, 1e-9));
        assertThat(kpi(answer, "gmv").get("change").asDouble(), closeTo((150.50 - 80) / 80, 0.001));
        JsonNode byShop = panel(answer, "by_shop");
        assertThat(byShop.get("kind").asText(), is("BAR"));
        assertThat(byShop.get("status").asText(), is("ok"));
        assertThat(byShop.get("chart").get("x").toString(), is("[\"shop-1\",\"shop-2\"]"));
        assertThat(byShop.get("chart").get("series").get(0).get("metric").asText(), is("gmv"));
        assertThat(byShop.get("chart").get("series").get(0).get("data").toString(), is("[100.0,50.5]"));
        JsonNode skus = panel(answer, "top_skus");
        assertThat(skus.get("columns").toString(), is("[\"sku\",\"gmv\",\"units\"]"));
        assertThat(skus.get("rows").get(0).toString(), is("[\"SKU-1\",100.0,2.0]"));
        assertThat(skus.get("chart").isNull(), is(true)); // a table has no chart
        assertThat(panel(answer, "gmv_trend").get("chart").get("type").asText(), is("line"));

        // the same filters as the daily dashboard: one shop, one platform
        JsonNode shop2 = http.get("/api/server/v1/dashboards/" + id + "?" + RANGE + "&shops=shop-2", bearer("t-tpl-a", "VIEWER")).json();
        assertThat(kpi(shop2, "gmv").get("value").asDouble(), closeTo(50.50, 1e-9));
        JsonNode jd = http.get("/api/server/v1/dashboards/" + id + "?" + RANGE + "&platform=jd", bearer("t-tpl-a", "VIEWER")).json();
        assertThat(jd.get("platform").asText(), is("JD"));
        assertThat(kpi(jd, "gmv").get("value").asDouble(), closeTo(0, 1e-9));
    }

    @Test
    void aFilterTheTemplateDoesNotTakeIsLeftOutAndSaidSo() {
        String id = templateId("t-tpl-a", "Shop comparison");
        Http.Response response = http.get("/api/server/v1/dashboards/" + id + "?" + RANGE + "&shops=shop-2", bearer("t-tpl-a", "ANALYST"));
        assertThat(response.toString(), response.status(), is(200));
        JsonNode answer = response.json();
        assertThat(answer.get("applied").get("shops").asBoolean(), is(false));
        JsonNode shops = panel(answer, "shops");
        assertThat(shops.get("kind").asText(), is("TABLE"));
        assertThat(shops.get("rows").size(), is(2)); // both shops: the template has no shop variable
        JsonNode daily = panel(answer, "daily_by_shop").get("chart");
        assertThat(daily.get("x").size(), is(2)); // 2024-06-11 and -12: days between first and last filled
        List<String> names = new ArrayList<>();
        daily.get("series").forEach(s -> names.add(s.get("name").asText()));
        assertThat(names, contains("shop-1", "shop-2"));
        assertThat(daily.get("series").get(0).get("data").toString(), is("[100.0,0.0]"));
    }

    @Test
    void anotherTenantCannotRenderATemplateId() {
        String id = templateId("t-tpl-a", "Daily sales report");
        Http.Response response = http.get("/api/server/v1/dashboards/" + id + "?" + RANGE, bearer("t-tpl-b", "ADMIN"));
        assertThat(response.status(), is(404));
        assertThat(response.contentType(), startsWith("application/problem+json"));
        assertThat(response.body(), not(containsString("150.5")));
        Http.Response list = http.get("/api/server/v1/dashboards", bearer("t-tpl-b", "VIEWER"));
        assertThat(list.body(), not(containsString(id)));
        // B's own copy renders B's numbers only
        JsonNode own = http.get("/api/server/v1/dashboards/" + templateId("t-tpl-b", "Daily sales report") + "?" + RANGE,
                bearer("t-tpl-b", "VIEWER")).json();
        assertThat(kpi(own, "gmv").get("value").asDouble(), closeTo(777.00, 1e-9));
    }

    @Test
    void badInputIsA4xxNamingTheField() {
        String id = templateId("t-tpl-a", "Daily sales report");
        String fiftyOne = String.join(",", java.util.stream.IntStream.rangeClosed(1, 51).mapToObj(i -> "s" + i).toList());
        Map<String, String> cases = Map.of(
                "range=week", "range",
                "range=custom&from=2024-06-10", "to",
                "range=custom&from=2024-13-01&to=2024-06-10", "from",
                "range=custom&from=2024-06-10&to=2024-06-01", "to",
                "from=2024-06-10", "from",
                "platform=AMAZON", "platform",
                "shops=" + fiftyOne, "shops",
                "color=red", "color",
                "range=today&range=yesterday", "range");
        cases.forEach((query, field) -> {
            Http.Response response = http.get("/api/server/v1/dashboards/" + id + "?" + query, bearer("t-tpl-a", "VIEWER"));
            assertThat(query, response.status(), is(400));
            assertThat(query, response.contentType(), startsWith("application/problem+json"));
            assertThat(query, response.json().get("field").asText(), is(field));
        });
        Http.Response list = http.get("/api/server/v1/dashboards?kind=REPORT", bearer("t-tpl-a", "VIEWER"));
        assertThat(list.status(), is(400));
        assertThat(list.json().get("field").asText(), is("kind"));
        for (String unknown : List.of("00000000-0000-0000-0000-000000000000", "no%20such%20id", "x".repeat(65))) {
            Http.Response response = http.get("/api/server/v1/dashboards/" + unknown + "?" + RANGE, bearer("t-tpl-a", "VIEWER"));
            assertThat(unknown, response.status(), is(404));
            assertThat(unknown, response.contentType(), startsWith("application/problem+json"));
            assertThat(unknown, response.json().get("detail").asText(), startsWith("template "));
        }
        assertThat(http.get("/api/server/v1/dashboards", null).status(), is(401));
    }

    @Test
    void biTemplateNotRunningIsA503NamingIt() {
        Http down = orphan.http();
        for (String path : List.of("/api/server/v1/dashboards", "/api/server/v1/dashboards/some-template?range=yesterday")) {
            Http.Response response = down.get(path, bearer("t-tpl-a", "VIEWER"));
            assertThat(path, response.status(), is(503));
            assertThat(path, response.contentType(), startsWith("application/problem+json"));
            assertThat(path, response.json().get("detail").asText(), startsWith("bi-template is not available"));
            assertThat(path, response.header("Retry-After"), is("5"));
        }
        // the daily dashboard of the same bi-server still answers (bi-analysis runs)
        assertThat(down.get("/api/server/v1/dashboard?" + RANGE, bearer("t-tpl-a", "VIEWER")).status(), is(200));
    }

    @Test
    void renderedAnswersAreCachedAndNewOrdersOfACoveredDayInvalidateThem() {
        String tenant = "t-tpl-c";
        String viewer = bearer(tenant, "VIEWER");
        DashboardApiTest.ingestVia(channel, tenant, DashboardApiTest.order("C1", "shop-1", "2024-06-13T02:00:00Z", "10.00", "SKU-1", 1));
        String path = "/api/server/v1/dashboards/" + templateId(tenant, "Daily sales report") + "?" + RANGE;
        Http.Response first = http.get(path, viewer);
        assertThat(first.toString(), first.header("X-Bi-Cache"), is("miss"));
        Http.Response hit = http.get(path, viewer);
        assertThat(hit.header("X-Bi-Cache"), is("hit"));
        assertThat(kpi(hit.json(), "gmv").get("value").asDouble(), closeTo(10.00, 1e-9));
        // another tenant's same template and query is its own answer
        assertThat(http.get("/api/server/v1/dashboards/" + templateId("t-tpl-b", "Daily sales report") + "?" + RANGE,
                bearer("t-tpl-b", "VIEWER")).json().toString(), not(containsString("\"value\":10.0")));

        // a day no panel reads (not the range, not its previous period, not this year's)
        DashboardApiTest.ingestVia(channel, tenant, DashboardApiTest.order("C2", "shop-1", "2024-08-20T02:00:00Z", "99.00", "SKU-1", 1));
        assertThat(http.get(path, viewer).header("X-Bi-Cache"), is("hit"));

        DashboardApiTest.ingestVia(channel, tenant, DashboardApiTest.order("C3", "shop-1", "2024-06-15T02:00:00Z", "5.00", "SKU-1", 1));
        Http.Response fresh = http.get(path, viewer);
        assertThat(fresh.header("X-Bi-Cache"), is("miss"));
        assertThat(kpi(fresh.json(), "gmv").get("value").asDouble(), closeTo(15.00, 1e-9));
        assertThat(http.get(path, viewer).header("X-Bi-Cache"), is("hit"));

        // an order of the previous period changes the KPI comparison: invalidated too
        DashboardApiTest.ingestVia(channel, tenant, DashboardApiTest.order("C4", "shop-1", "2024-06-04T02:00:00Z", "7.00", "SKU-1", 1));
        Http.Response compared = http.get(path, viewer);
        assertThat(compared.header("X-Bi-Cache"), is("miss"));
        assertThat(kpi(compared.json(), "gmv").get("previous").asDouble(), closeTo(7.00, 1e-9));
    }
}
