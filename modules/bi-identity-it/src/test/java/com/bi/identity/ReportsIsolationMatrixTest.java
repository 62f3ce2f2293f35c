package com.bi.identity;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.bi.analysis.AnalysisService;
import com.bi.chat.ChatService;
import com.bi.common.testing.Http;
import com.bi.common.testing.Http.Response;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.notify.NotifyService;
import com.bi.orders.OrderEvent;
import com.bi.orders.OrderLine;
import com.bi.orders.sink.GrpcOrderSink;
import com.bi.plantaoxi.PlanTaoxiService;
import com.bi.server.ServerService;
import com.bi.template.TemplateService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

/**
 * The report services (bi-plan-taoxi, bi-template, bi-notify, bi-chat, bi-server) on top of bi-analysis and the
 * identity platform (bi-tenant, bi-sys, bi-basic), all on real PostgreSQL with tokens from bi-sys's login: with
 * tenant alpha's ADMIN token every id or key of tenant bravo answers 404 on every route that reads, changes or
 * deletes it, alpha's lists, exports, dashboard and chat answers never hold bravo's shops or numbers, a VIEWER cannot
 * write, and no token is a 401 everywhere.
 */
class ReportsIsolationMatrixTest {
    private static final String USER_PASSWORD = "Reports-User-Pw-2026!";
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** bravo's marks: nothing of alpha's holds them, so any of them in an alpha answer is a leak. */
    private static final String BRAVO_SHOP_NAME = "Bravo Secret Flagship";
    private static final String BRAVO_SHOP_KEY = "bravo-tmall-77";
    private static final String BRAVO_DAILY_GMV = "7777.77";
    private static final String BRAVO_TARGET_GMV = "919191.00";
    private static IdentityPlatform platform;
    private static ServiceUnderTest analysis;
    private static Http plan;
    private static Http template;
    private static Http notify;
    private static Http chat;
    private static Http server;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = new IdentityPlatform();
        Map<String, String> common = platform.commonConfig();
        // room for a loaded CI machine: a slow tenant check must not turn into a 503 in the middle of the matrix
        common.put("bi.tenant.status.timeout", "10s");
        common.put("bi.peers.tenant.timeout", "10s");
        analysis = platform.start(new AnalysisService(), common);
        common.put("bi.peers.analysis.address", analysis.grpcAddress());
        common.put("bi.peers.basic.address", platform.basicService.grpcAddress());
        plan = platform.start(new PlanTaoxiService(), common).http();
        template = platform.start(new TemplateService(), common).http();
        Map<String, String> notifyConfig = new HashMap<>(common);
        notifyConfig.remove("bi.peers.analysis.address");
        notifyConfig.remove("bi.peers.basic.address");
        // the test-only option that lets a channel point at a loopback receiver (production refuses it: SSRF rules)
        notifyConfig.put("bi.notify.outbound.schemes", "http,https");
        notifyConfig.put("bi.notify.outbound.trusted.networks", "127.0.0.1/32");
        notify = platform.start(new NotifyService(), notifyConfig).http();
        chat = platform.start(new ChatService(), common).http();
        server = platform.start(new ServerService(), common).http();
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private static void createTenantWithUsers(String operator, String code) throws InterruptedException {
        Response created = platform.tenant.post("/api/tenant/v1/admin/tenants", operator, """
                {"code":"%s","name":"Tenant %s"}""".formatted(code, code));
        assertThat(created.toString(), created.status(), is(201));
        for (String role : List.of("ADMIN", "VIEWER")) {
            Response user = platform.postUntilAvailable("/api/sys/v1/admin/tenants/" + code + "/users", operator, """
                    {"username":"%s","password":"%s","roles":["%s"]}""".formatted(role.toLowerCase(), USER_PASSWORD, role));
            assertThat(user.toString(), user.status(), is(201));
        }
    }

    /** One paid order a day of {@code gmv} for the last 7 days (yesterday back) in bi-analysis, as a connector sends them. */
    private static void lastWeekSales(String tenant, String shopKey, String gmv) {
        List<OrderEvent> orders = new ArrayList<>();
        LocalDate yesterday = LocalDate.now(SHANGHAI).minusDays(1);
        for (int i = 0; i < 7; i++) {
            Instant paid = yesterday.minusDays(i).atTime(12, 0).atZone(SHANGHAI).toInstant();
            String id = tenant + "-" + i;
            orders.add(new OrderEvent(tenant, "DEMO", id, shopKey, "TMALL", paid, paid, "PAID", "buyer-" + id, new BigDecimal(gmv),
                    BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, paid, 1,
                    List.of(new OrderLine(tenant.toUpperCase() + "-SKU", "tea", 1, new BigDecimal(gmv), BigDecimal.ZERO))));
        }
        io.grpc.Channel channel = analysis.platform().peers().channel("bi-analysis", analysis.grpcAddress());
        new GrpcOrderSink(channel, analysis.platform().serviceTokens()).publish(tenant, orders);
    }

    private static long shop(String token, String name, String externalId) {
        Response created = platform.basic.post("/api/basic/v1/shops", token, """
                {"name":"%s","platform":"TMALL","source":"MANUAL","external_id":"%s"}""".formatted(name, externalId));
        assertThat(created.toString(), created.status(), is(201));
        return created.json().get("id").asLong();
    }

    private static String created(Response response) {
        assertThat(response.toString(), response.status(), is(201));
        return response.json().get("id").asText();
    }

    private static void notFound(String what, Response response) {
        assertThat(what + ": " + response, response.status(), is(404));
    }

    /** No trace of bravo in an answer alpha got (shop name, source key, daily GMV, plan target). */
    private static void noBravo(String what, Response response) {
        assertThat(what + ": " + response, response.status(), is(200));
        String body = response.body();
        assertThat(what, body, allOf(not(containsString(BRAVO_SHOP_NAME)), not(containsString(BRAVO_SHOP_KEY)),
                not(containsString("7777")), not(containsString("7,777")), not(containsString("54444")),
                not(containsString("54,444")), not(containsString("919191")), not(containsString("919,191"))));
    }

    @Test
    void bravosPlansTemplatesChannelsAndConversationsAreInvisibleToAlpha() throws Exception {
        String operator = platform.operator();
        createTenantWithUsers(operator, "alpha");
        createTenantWithUsers(operator, "bravo");
        String alpha = platform.login("alpha", "admin", USER_PASSWORD);
        String alphaViewer = platform.login("alpha", "viewer", USER_PASSWORD);
        String bravo = platform.login("bravo", "admin", USER_PASSWORD);
        platform.awaitTenantKnownToBasic(alpha);
        platform.awaitTenantKnownToBasic(bravo);

        long alphaShop = shop(alpha, "Alpha Tea House", "alpha-tmall-1");
        long bravoShop = shop(bravo, BRAVO_SHOP_NAME, BRAVO_SHOP_KEY);
        lastWeekSales("alpha", "alpha-tmall-1", "123.00");
        lastWeekSales("bravo", BRAVO_SHOP_KEY, BRAVO_DAILY_GMV);
        String month = YearMonth.now(SHANGHAI).toString();

        // bi-plan-taoxi: bravo's plan, keyed by bravo's shop and the month
        String bravoPlan = "/api/plan/v1/plans/" + bravoShop + "/" + month;
        Response planned = plan.put(bravoPlan, bravo, """
                {"target_gmv":"%s","target_orders":300,"note":"bravo only"}""".formatted(BRAVO_TARGET_GMV), null);
        assertThat(planned.toString(), planned.status(), is(201));
        assertThat(plan.put("/api/plan/v1/plans/" + alphaShop + "/" + month, alpha, """
                {"target_gmv":"5000.00","target_orders":40}""", null).status(), is(201));
        notFound("plan GET", plan.get(bravoPlan, alpha));
        notFound("plan DELETE", plan.delete(bravoPlan, alpha, "\"1\""));
        notFound("plan versions", plan.get(bravoPlan + "/versions", alpha));
        notFound("plan version 1", plan.get(bravoPlan + "/versions/1", alpha));
        notFound("plan daily", plan.get(bravoPlan + "/daily", alpha));
        notFound("plan overrides", plan.put(bravoPlan + "/overrides", alpha, "{\"overrides\":[]}", "\"1\""));
        // a PUT creates: alpha cannot plan a shop bi-basic does not know for alpha (422 naming shop_id, documented)
        Response stolenPlan = plan.put(bravoPlan, alpha, """
                {"target_gmv":"1.00","target_orders":1}""", "\"1\"");
        assertThat(stolenPlan.toString(), stolenPlan.status(), is(422));
        assertThat(stolenPlan.body(), containsString("shop_id"));
        Response bravoStill = plan.get(bravoPlan, bravo);
        assertThat(bravoStill.toString(), bravoStill.json().get("version").asInt(), is(1));
        assertThat(bravoStill.json().get("target_gmv").asText(), containsString("919191"));
        noBravo("plan list", plan.get("/api/plan/v1/plans?month=" + month, alpha));
        assertThat(plan.get("/api/plan/v1/plans?month=" + month, alpha).body(), containsString("Alpha Tea House"));
        Response export = plan.get("/api/plan/v1/plans/export?from=" + month + "&to=" + month, alpha);
        noBravo("plan export", export);
        assertThat(export.body(), containsString("Alpha Tea House"));
        noBravo("attainment", plan.get("/api/plan/v1/attainment?month=" + month, alpha));
        noBravo("attainment of bravo's shop id", plan.get("/api/plan/v1/attainment?month=" + month + "&shop_id=" + bravoShop, alpha));
        assertThat("VIEWER cannot plan", plan.put("/api/plan/v1/plans/" + alphaShop + "/" + month, alphaViewer, """
                {"target_gmv":"1.00","target_orders":1}""", "\"1\"").status(), is(403));
        assertThat("VIEWER cannot set thresholds", plan.put("/api/plan/v1/thresholds", alphaViewer, """
                {"on_track_percent":100,"at_risk_percent":80}""", null).status(), is(403));

        // bi-template: bravo's own template
        String bravoTemplate = created(template.post("/api/template/v1/templates", bravo, """
                {"name":"Bravo board","kind":"DASHBOARD","variables":[{"name":"range","type":"RANGE","default_value":"last_7_days"}],
                 "panels":[{"id":"gmv","title":"GMV by shop","kind":"TABLE","query":{"metrics":["gmv"],"dimensions":["shop"]}}]}"""));
        String path = "/api/template/v1/templates/" + bravoTemplate;
        notFound("template GET", template.get(path, alpha));
        notFound("template PUT", template.put(path, alpha, """
                {"name":"Stolen","kind":"DASHBOARD","version":1,
                 "panels":[{"id":"gmv","title":"GMV","kind":"KPI","query":{"metrics":["gmv"]}}]}""", null));
        notFound("template sharing", template.put(path + "/sharing", alpha, "{\"view_roles\":[\"VIEWER\"],\"version\":1}", null));
        notFound("template render", template.post(path + "/render", alpha, "{}"));
        notFound("template CSV", template.get(path + "/export/csv", alpha));
        notFound("template XLSX", template.get(path + "/export/xlsx", alpha));
        notFound("template PNG", template.get(path + "/panels/gmv/png", alpha));
        notFound("template DELETE", template.delete(path, alpha, null));
        assertThat(template.get(path, bravo).status(), is(200));
        Response alphaTemplates = template.get("/api/template/v1/templates", alpha);
        noBravo("template list", alphaTemplates);
        assertThat(alphaTemplates.body(), allOf(not(containsString(bravoTemplate)), not(containsString("Bravo board"))));
        assertThat("VIEWER cannot create templates", template.post("/api/template/v1/templates", alphaViewer, """
                {"name":"v","kind":"DASHBOARD","panels":[{"id":"g","title":"GMV","kind":"KPI","query":{"metrics":["gmv"]}}]}""")
                .status(), is(403));
        // alpha's own render of the same query holds alpha's shop and numbers only
        String alphaTemplate = created(template.post("/api/template/v1/templates", alpha, """
                {"name":"Alpha board","kind":"DASHBOARD","variables":[{"name":"range","type":"RANGE","default_value":"last_7_days"}],
                 "panels":[{"id":"gmv","title":"GMV by shop","kind":"TABLE","query":{"metrics":["gmv"],"dimensions":["shop"]}}]}"""));
        Response alphaRender = template.post("/api/template/v1/templates/" + alphaTemplate + "/render", alpha, "{}");
        noBravo("alpha's render", alphaRender);
        assertThat(alphaRender.body(), containsString("alpha-tmall-1"));

        // bi-notify: bravo's channel (a loopback port nothing listens on: no worker runs here), template, delivery
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String bravoChannel = created(notify.post("/api/notify/v1/channels", bravo, """
                {"name":"Bravo hook","kind":"WEBHOOK","url":"http://127.0.0.1:%d/hook","secret":"bravo-webhook-secret-0001"}""".formatted(closed)));
        String channelPath = "/api/notify/v1/channels/" + bravoChannel;
        notFound("channel GET", notify.get(channelPath, alpha));
        notFound("channel PUT", notify.put(channelPath, alpha, "{\"name\":\"Stolen\"}", null));
        notFound("channel test", notify.post(channelPath + "/test", alpha, "{}"));
        notFound("channel DELETE", notify.delete(channelPath, alpha, null));
        assertThat(notify.get(channelPath, bravo).json().get("name").asText(), is("Bravo hook"));
        String bravoMessage = created(notify.post("/api/notify/v1/templates", bravo, """
                {"name":"bravo-daily","title":"Bravo daily","markdown":"GMV {{gmv}}"}"""));
        String messagePath = "/api/notify/v1/templates/" + bravoMessage;
        notFound("notify template GET", notify.get(messagePath, alpha));
        notFound("notify template PUT", notify.put(messagePath, alpha, """
                {"name":"bravo-daily","title":"Stolen","markdown":"x"}""", null));
        notFound("notify template DELETE", notify.delete(messagePath, alpha, null));
        Response sent = notify.post("/api/notify/v1/send", bravo, """
                {"idempotency_key":"bravo-1","channel_ids":["%s"],"title":"Bravo daily","markdown":"GMV %s"}"""
                .formatted(bravoChannel, BRAVO_DAILY_GMV));
        assertThat(sent.toString(), sent.status(), allOf(greaterThanOrEqualTo(200), lessThan(300)));
        String bravoDelivery = sent.json().get("deliveries").get(0).get("id").asText();
        notFound("delivery GET", notify.get("/api/notify/v1/deliveries/" + bravoDelivery, alpha));
        notFound("delivery retry", notify.post("/api/notify/v1/deliveries/" + bravoDelivery + "/retry", alpha, "{}"));
        Response viaBravosChannel = notify.post("/api/notify/v1/send", alpha, """
                {"idempotency_key":"alpha-1","channel_ids":["%s"],"title":"hi","markdown":"hi"}""".formatted(bravoChannel));
        assertThat("alpha cannot send through bravo's channel: " + viaBravosChannel, viaBravosChannel.status(),
                allOf(greaterThanOrEqualTo(400), lessThan(500)));
        for (String list : List.of("channels", "templates", "deliveries")) {
            Response listed = notify.get("/api/notify/v1/" + list, alpha);
            noBravo("notify " + list, listed);
            assertThat(list, listed.body(), allOf(not(containsString(bravoChannel)), not(containsString(bravoMessage)),
                    not(containsString(bravoDelivery)), not(containsString("Bravo"))));
        }
        assertThat("VIEWER cannot create channels", notify.post("/api/notify/v1/channels", alphaViewer, """
                {"name":"v","kind":"WEBHOOK","url":"http://127.0.0.1:%d/v","secret":"viewer-webhook-secret-01"}""".formatted(closed))
                .status(), is(403));
        assertThat("VIEWER cannot send", notify.post("/api/notify/v1/send", alphaViewer, """
                {"idempotency_key":"viewer-1","title":"hi","markdown":"hi"}""").status(), is(403));

        // bi-chat: bravo's conversation, and the same question asked by alpha
        Response bravoAsked = chat.post("/api/chat/v1/ask", bravo, "{\"question\":\"最近7天各店铺GMV\"}");
        assertThat(bravoAsked.toString(), bravoAsked.status(), is(200));
        assertThat("bravo's own answer holds its numbers", bravoAsked.body(), anyOf(containsString("54444"), containsString("54,444")));
        String conversation = bravoAsked.json().get("conversation_id").asText();
        notFound("conversation GET", chat.get("/api/chat/v1/conversations/" + conversation, alpha));
        notFound("a follow-up in bravo's conversation", chat.post("/api/chat/v1/ask", alpha, """
                {"question":"那上个月呢?","conversation_id":"%s"}""".formatted(conversation)));
        for (String question : List.of("最近7天各店铺GMV", BRAVO_SHOP_NAME + " GMV last 7 days", "top 5 SKUs by GMV last 7 days")) {
            Response answer = chat.post("/api/chat/v1/ask", alpha, "{\"question\":\"" + question + "\"}");
            noBravo("chat: " + question, answer);
            assertThat(question, answer.body(), not(containsString("BRAVO-SKU")));
        }
        assertThat(chat.post("/api/chat/v1/ask", alpha, "{\"question\":\"最近7天各店铺GMV\"}").body(), containsString("Alpha Tea House"));

        // bi-server: alpha's dashboard and identity
        LocalDate yesterday = LocalDate.now(SHANGHAI).minusDays(1);
        Response dashboard = server.get("/api/server/v1/dashboard?range=custom&from=" + yesterday.minusDays(6) + "&to=" + yesterday, alpha);
        noBravo("dashboard", dashboard);
        assertThat(dashboard.body(), allOf(containsString("alpha-tmall-1"), containsString("861")));
        // bravo's shop key as a filter: the answer echoes the filter it was given, and holds nothing of bravo's
        Response filtered = server.get("/api/server/v1/dashboard?range=custom&from=" + yesterday.minusDays(6)
                + "&to=" + yesterday + "&shops=" + BRAVO_SHOP_KEY, alpha);
        assertThat(filtered.toString(), filtered.json().get("shops").toString(), is("[\"" + BRAVO_SHOP_KEY + "\"]"));
        noBravo("dashboard for bravo's shop", new Response(filtered.status(), filtered.headers(),
                filtered.body().replace("\"shops\":[\"" + BRAVO_SHOP_KEY + "\"]", "")));
        assertThat(filtered.json().get("sections").get("kpis").get("data").get(0).get("value").asDouble(), is(0.0));
        Response me = server.get("/api/server/v1/me", alpha);
        assertThat(me.toString(), me.body(), allOf(containsString("alpha"), not(containsString("bravo"))));

        // no token: 401 from every service
        for (Response anonymous : List.of(plan.get("/api/plan/v1/plans?month=" + month, null), plan.get(bravoPlan, null),
                template.get("/api/template/v1/templates", null), template.get(path, null),
                notify.get("/api/notify/v1/channels", null), notify.get(channelPath, null),
                chat.post("/api/chat/v1/ask", null, "{\"question\":\"GMV\"}"), chat.get("/api/chat/v1/conversations/" + conversation, null),
                server.get("/api/server/v1/dashboard", null), server.get("/api/server/v1/me", null))) {
            assertThat(anonymous.toString(), anonymous.status(), is(401));
        }
    }
}
