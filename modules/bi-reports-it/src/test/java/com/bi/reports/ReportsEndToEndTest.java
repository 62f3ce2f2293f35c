package com.bi.reports;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import javax.imageio.ImageIO;

import com.bi.analysis.AnalysisService;
import com.bi.basic.BasicService;
import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.TestDatabase;
import com.bi.common.testing.TestTokens;
import com.bi.cron.Cron;
import com.bi.notify.NotifyService;
import com.bi.orders.OrderEvent;
import com.bi.orders.sink.GrpcOrderSink;
import com.bi.plantaoxi.PlanTaoxiService;
import com.bi.template.TemplateService;
import com.bi.tenant.TenantService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeBodyPart;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.bi.common.testing.TestTokens.bearer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/**
 * Issue 13 end to end, in one JVM on the CI PostgreSQL: bi-tenant, bi-basic, bi-analysis, bi-plan-taoxi, bi-template
 * and bi-notify started from their own declarations; demo orders through bi-analysis's Ingest; a plan the TMALL shop
 * is far behind; the daily sales starter scheduled to an EMAIL channel (a real SMTP server, GreenMail, read back over
 * IMAP) and a WEBHOOK (a local receiver that checks bi-notify's documented signature); then bi-cron's
 * {@code plan-alerts} and {@code daily-report}, run as {@code java -jar bi-cron.jar <job>} runs them, twice.
 */
class ReportsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai"); // bi-analysis's default tenant zone
    private static final String TENANT = "northwind";
    private static final String TMALL_KEY = "tm-northwind-1";
    private static final String JD_KEY = "jd-northwind-1";
    private static final String TMALL_DAY_GMV = "1234.50";
    private static final String JD_DAY_GMV = "345.25";
    private static final String WEBHOOK_SECRET = "whsec-" + Long.toHexString(System.nanoTime()) + "-e2e-secret";
    private static final String SMTP_PASSWORD = "smtp-" + System.nanoTime();
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final String NOTIFY = "/api/notify/v1/";

    private static final List<ServiceUnderTest> SERVICES = new ArrayList<>();
    private static ServiceUnderTest analysis;
    private static ServiceUnderTest notify;
    private static ServiceUnderTest plan;
    private static GreenMail mail;
    private static WebhookReceiver webhook;
    private static Map<String, String> cronConfig;
    private static String admin;

    @BeforeAll
    static void start() throws Exception {
        mail = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()});
        mail.start();
        mail.setUser("reports@example.com", "bi-sender", SMTP_PASSWORD);
        mail.setUser("owner@example.com", "owner", "owner-password");
        webhook = new WebhookReceiver(WEBHOOK_SECRET);

        ServiceUnderTest tenant = start(ServiceUnderTest.of(new TenantService()).withDatabase());
        ServiceUnderTest basic = start(ServiceUnderTest.of(new BasicService()).withDatabase());
        analysis = start(ServiceUnderTest.of(new AnalysisService()).withDatabase());
        // the deadlines are generous: a peer's first call in a fresh JVM on the loaded CI machine is slow
        plan = start(ServiceUnderTest.of(new PlanTaoxiService()).withDatabase().clock(planClock()).config(Map.of(
                "bi.peers.basic.address", basic.grpcAddress(), "bi.peers.analysis.address", analysis.grpcAddress(),
                "bi.peers.basic.timeout", "30s", "bi.peers.analysis.timeout", "30s")));
        ServiceUnderTest template = start(ServiceUnderTest.of(new TemplateService()).withDatabase().config(Map.of(
                "bi.peers.analysis.address", analysis.grpcAddress(), "bi.peers.analysis.timeout", "30s",
                "bi.template.panel.timeout", "30s")));
        // the delivery workers run as in production; loopback receivers are allowed by the test-only option
        notify = start(ServiceUnderTest.of(new NotifyService()).withDatabase().withWorkers().config(Map.of(
                "bi.notify.outbound.schemes", "http,https",
                "bi.notify.outbound.trusted.networks", "127.0.0.1/32",
                "bi.notify.poll", "50ms",
                "bi.notify.retry.base", "50ms",
                "bi.notify.retry.max", "200ms",
                "bi.notify.timeout", "10s")));

        cronConfig = new HashMap<>(TestDatabase.config("cron"));
        cronConfig.put("deploy.env", "test");
        cronConfig.put("bi.jwt.secret", TestTokens.SECRET);
        Map<String, ServiceUnderTest> peers = Map.of("tenant", tenant, "plan.taoxi", plan, "template", template, "notify", notify);
        peers.forEach((peer, service) -> {
            cronConfig.put("bi.peers." + peer + ".address", service.grpcAddress());
            cronConfig.put("bi.peers." + peer + ".timeout", "60s"); // a render of four panels with charts on a loaded machine
        });

        // 1. the tenant, its TMALL and JD shops, a month of demo orders
        Http.Response created = tenant.http().post("/api/tenant/v1/admin/tenants", bearer("platform", "PLATFORM_ADMIN"),
                "{\"code\":\"" + TENANT + "\",\"name\":\"Northwind Trading\"}");
        assertThat(created.toString(), created.status(), is(201));
        admin = bearer(TENANT, "ADMIN");
        long tmallShop = shop(basic, "Northwind 天猫旗舰店", "TMALL", TMALL_KEY);
        shop(basic, "Northwind JD", "JD", JD_KEY);
        LocalDate today = LocalDate.now(SHANGHAI);
        List<OrderEvent> orders = new ArrayList<>();
        for (LocalDate day = today.minusDays(31); day.isBefore(today); day = day.plusDays(1)) {
            orders.add(order(TMALL_KEY, "TMALL", day, TMALL_DAY_GMV));
            orders.add(order(JD_KEY, "JD", day, JD_DAY_GMV));
        }
        new GrpcOrderSink(analysis.platform().peers().channel("bi-analysis", analysis.grpcAddress()),
                analysis.platform().serviceTokens()).publish(TENANT, orders);

        // 2. a month target far above the pace: BEHIND (the JD shop cannot have a plan: only Taoxi shops do)
        YearMonth month = YearMonth.now(planClock().withZone(SHANGHAI));
        Http.Response planned = plan.http().put("/api/plan/v1/plans/" + tmallShop + "/" + month, admin,
                "{\"target_gmv\":\"50000000.00\",\"target_orders\":900000,\"note\":\"e2e\"}", null);
        assertThat(planned.toString(), planned.status(), is(201));

        // 3. the channels: the owner's mailbox and the tenant's webhook
        String email = channel("""
                {"name":"owner mail","kind":"EMAIL","smtp_host":"127.0.0.1","smtp_port":%d,"smtp_security":"NONE",
                 "username":"bi-sender","password":"%s","from":"reports@example.com","to":["owner@example.com"]}"""
                .formatted(mail.getSmtp().getPort(), SMTP_PASSWORD));
        String hook = channel("{\"name\":\"erp hook\",\"kind\":\"WEBHOOK\",\"url\":\"%s\",\"secret\":\"%s\"}"
                .formatted(webhook.url(), WEBHOOK_SECRET));

        // 4. the starters, and the daily sales report scheduled DAILY to both channels
        Http templates = template.http();
        Http.Response installed = templates.post("/api/template/v1/starters/install", admin, null);
        assertThat(installed.toString(), installed.status(), is(200));
        JsonNode daily = null;
        for (JsonNode t : installed.json().get("templates")) {
            if ("daily_sales".equals(t.path("starter_key").asText())) {
                daily = t;
            }
        }
        assertThat(installed.body(), daily != null, is(true));
        String dailyPath = "/api/template/v1/templates/" + daily.get("id").asText();
        JsonNode current = templates.get(dailyPath, admin).json();
        ObjectNode draft = JSON.createObjectNode();
        for (String field : List.of("name", "description", "kind", "variables", "panels", "sharing", "version")) {
            draft.set(field, current.get(field));
        }
        draft.set("schedule", JSON.readTree("""
                {"frequency":"DAILY","channel_ids":["%s","%s"],"variables":{"range":"yesterday"},"formats":["PNG","XLSX"]}"""
                .formatted(email, hook)));
        Http.Response scheduled = templates.put(dailyPath, admin, draft.toString(), null);
        assertThat(scheduled.toString(), scheduled.status(), is(200));
    }

    /**
     * bi-plan-taoxi counts attainment up to yesterday; on the 1st of a month nothing of the month is expected yet, so
     * no shop can be behind. That day its clock runs one day ahead (today's sales, none, are then "yesterday's").
     */
    private static Clock planClock() {
        Clock system = Clock.systemUTC();
        return LocalDate.now(system.withZone(SHANGHAI)).getDayOfMonth() == 1 ? Clock.offset(system, Duration.ofDays(1)) : system;
    }

    private static ServiceUnderTest start(ServiceUnderTest service) {
        SERVICES.add(service.start());
        return service;
    }

    @AfterAll
    static void stop() {
        SERVICES.reversed().forEach(ServiceUnderTest::close);
        if (webhook != null) {
            webhook.close();
        }
        if (mail != null) {
            mail.stop();
        }
    }

    private static long shop(ServiceUnderTest basic, String name, String platform, String externalId) {
        Http.Response created = basic.http().post("/api/basic/v1/shops", admin, """
                {"name":"%s","platform":"%s","source":"MANUAL","external_id":"%s"}""".formatted(name, platform, externalId));
        assertThat(created.toString(), created.status(), is(201));
        return created.json().get("id").asLong();
    }

    private static OrderEvent order(String shop, String platform, LocalDate day, String gmv) {
        Instant paid = day.atTime(12, 0).atZone(SHANGHAI).toInstant();
        String id = shop + "-" + day;
        return new OrderEvent(TENANT, "DEMO", id, shop, platform, paid, paid, "PAID", "buyer-" + id, new BigDecimal(gmv),
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, paid, 1, List.of());
    }

    private static String channel(String json) {
        Http.Response created = notify.http().post(NOTIFY + "channels", admin, json);
        assertThat(created.toString(), created.status(), is(201));
        return created.json().get("id").asText();
    }

    @Test
    void planAlertsAndTheDailyReportArriveByMailAndWebhookOnce() throws Exception {
        LocalDate yesterday = LocalDate.now(SHANGHAI).minusDays(1);
        JsonNode gmv = analysis.http().post("/api/analysis/v1/query", bearer(TENANT, "VIEWER"),
                "{\"metrics\":[\"gmv\"],\"from\":\"%s\",\"to\":\"%s\"}".formatted(yesterday, yesterday)).json();
        double yesterdaysGmv = gmv.get("totals").get("gmv").asDouble();
        assertThat(gmv.toString(), yesterdaysGmv, closeTo(new BigDecimal(TMALL_DAY_GMV).add(new BigDecimal(JD_DAY_GMV)).doubleValue(), 1e-9));

        JsonNode alerts = cron("plan-alerts");
        assertThat(alerts.toString(), alerts.get("outcome").asText(), is("success"));
        assertThat("one BEHIND shop alerted (the JD shop has no plan)", alerts.get("items").asLong(), is(1L));
        JsonNode reports = cron("daily-report");
        assertThat(reports.toString(), reports.get("outcome").asText(), is("success"));
        assertThat("one scheduled report", reports.get("items").asLong(), is(1L));
        JsonNode attainment = plan.http().get("/api/plan/v1/attainment", bearer(TENANT, "VIEWER")).json();
        assertThat(attainment.toString(), attainment.get("shops").size(), is(1));
        JsonNode behind = attainment.get("shops").get(0);
        assertThat(behind.toString(), behind.get("status").asText(), is("BEHIND"));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> mail.getReceivedMessages().length >= 2 && webhook.accepted().size() >= 2);
        assertThat(webhook.refused().toString(), webhook.refused(), empty());

        Session session = Session.getInstance(new Properties());
        try (Store store = session.getStore("imap")) {
            store.connect("127.0.0.1", mail.getImap().getPort(), "owner", "owner-password");
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message[] messages = inbox.getMessages();
            assertThat(messages.length, is(2));
            Message report = find(messages, "Daily sales report " + LocalDate.now(SHANGHAI));
            Message alert = find(messages, "Northwind 天猫旗舰店 is behind plan");

            List<Part> parts = leaves(report);
            String html = (String) only(parts, "text/html").getContent();
            String gmvText = String.format(Locale.ROOT, "%,.2f", yesterdaysGmv);
            assertThat(html, containsString("<strong>Sales vs previous period</strong>: " + gmvText));
            MimeBodyPart chart = (MimeBodyPart) parts.stream().filter(p -> ofType(p, "image/png")).findFirst().orElseThrow();
            String contentId = chart.getContentID();
            assertThat(html, containsString("src=\"cid:" + contentId.substring(1, contentId.length() - 1) + "\""));
            assertThat(chart.getDisposition(), is(Part.INLINE));
            var image = ImageIO.read(chart.getInputStream());
            assertThat("a PNG that decodes", image != null && image.getWidth() > 100, is(true));
            Part workbook = only(parts, XLSX);
            assertThat(workbook.getDisposition(), is(Part.ATTACHMENT));
            assertThat(workbook.getFileName(), is("daily-report-" + LocalDate.now(SHANGHAI) + ".xlsx"));
            try (XSSFWorkbook book = new XSSFWorkbook(workbook.getInputStream())) {
                assertThat(kpi(book.getSheet("Sales vs previous period"), "gmv"), closeTo(yesterdaysGmv, 1e-9));
            }

            List<Part> alertParts = leaves(alert);
            String alertHtml = (String) only(alertParts, "text/html").getContent();
            assertThat(alertHtml, containsString("GMV to date: <strong>" + behind.get("mtd_gmv").asText() + "</strong> of "
                    + behind.get("expected_gmv_to_date").asText()));
            assertThat(alertHtml, containsString("Month target: " + behind.get("target_gmv").asText()));
            assertThat("the JD shop has no plan, so no alert", alertHtml.contains("Northwind JD"), is(false));

            // every mail and webhook call is one of bi-notify's logged deliveries, each exactly once
            JsonNode log = notify.http().get(NOTIFY + "deliveries?size=200", admin).json();
            List<String> logged = stream(log.get("items")).map(d -> d.get("channel_kind").asText() + " " + d.get("id").asText()).sorted().toList();
            List<String> arrived = new ArrayList<>();
            for (Message m : messages) {
                arrived.add("EMAIL " + m.getHeader("X-BI-Delivery")[0]);
            }
            webhook.accepted().forEach(c -> arrived.add("WEBHOOK " + c.deliveryId()));
            assertThat(arrived.stream().sorted().toList(), is(logged));
        }

        List<WebhookReceiver.Call> calls = webhook.accepted();
        assertThat(calls, hasSize(2));
        WebhookReceiver.Call hookReport = calls.stream().filter(c -> c.title().startsWith("Daily sales report")).findFirst().orElseThrow();
        assertThat(hookReport.body().get("markdown").asText(), containsString(String.format(Locale.ROOT, "%,.2f", yesterdaysGmv)));
        assertThat(hookReport.body().get("images").size(), greaterThan(0));
        JsonNode file = hookReport.body().get("files").get(0);
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(Base64.getDecoder().decode(file.get("data").asText())))) {
            assertThat(kpi(book.getSheet("Sales vs previous period"), "gmv"), closeTo(yesterdaysGmv, 1e-9));
        }
        assertThat(calls.stream().filter(c -> c.title().startsWith("Northwind 天猫旗舰店 is behind plan")).count(), is(1L));

        // a second run of both: bi-notify knows the keys, nothing goes out twice
        JsonNode alertsAgain = cron("plan-alerts");
        assertThat(alertsAgain.toString(), alertsAgain.get("outcome").asText(), is("success"));
        assertThat(alertsAgain.toString(), alertsAgain.get("items").asLong(), is(0L));
        JsonNode reportsAgain = cron("daily-report");
        assertThat(reportsAgain.toString(), reportsAgain.get("outcome").asText(), is("success"));
        assertThat(reportsAgain.toString(), reportsAgain.get("items").asLong(), is(0L));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode log = notify.http().get(NOTIFY + "deliveries?size=200", admin).json();
            return log.get("total").asInt() == 4
                    && stream(log.get("items")).allMatch(d -> d.get("status").asText().equals("SENT"));
        });
        assertThat(mail.getReceivedMessages().length, is(2));
        assertThat(webhook.accepted(), hasSize(2));

        // the receiver's check is not a formality: a body signed with another secret is refused
        String body = hookReport.body().toString();
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        java.net.http.HttpResponse<Void> forged = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(webhook.url()))
                        .header("X-BI-Timestamp", timestamp).header("X-BI-Delivery", "forged")
                        .header("X-BI-Signature", "sha256=" + WebhookReceiver.sign("not-" + WEBHOOK_SECRET, timestamp, body))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(forged.statusCode(), is(401));
        assertThat(webhook.refused(), is(List.of("signature mismatch")));
        assertThat(webhook.accepted(), hasSize(2));
    }

    /** One run of bi-cron in this JVM, as {@code java -jar bi-cron.jar <job>}: exit 0 and its summary line. */
    private static JsonNode cron(String job) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new Cron(Map.of(), cronConfig, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(job);
        String output = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(output, exit, is(0));
        String summary = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"event\":\"bi_cron_run\""))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no summary line in:\n" + output));
        return JSON.readTree(summary);
    }

    private static Message find(Message[] messages, String subjectStart) throws Exception {
        for (Message m : messages) {
            if (m.getSubject().startsWith(subjectStart)) {
                return m;
            }
        }
        throw new AssertionError("no mail whose subject starts with '" + subjectStart + "'");
    }

    /** The value of {@code metric} on a KPI panel's sheet (a row per metric: name, value, ...). */
    private static double kpi(Sheet sheet, String metric) {
        assertThat("the KPI panel's sheet", sheet != null, is(true));
        for (Row row : sheet) {
            if (row.getCell(0) != null && metric.equals(row.getCell(0).getStringCellValue())) {
                return row.getCell(1).getNumericCellValue();
            }
        }
        throw new AssertionError("no row " + metric + " on " + sheet.getSheetName());
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    private static Part only(List<Part> parts, String type) {
        List<Part> matching = parts.stream().filter(p -> ofType(p, type)).toList();
        assertThat(type, matching, hasSize(1));
        return matching.get(0);
    }

    private static boolean ofType(Part part, String type) {
        try {
            return part.isMimeType(type);
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The leaves of a MIME tree, depth first. */
    private static List<Part> leaves(Part part) throws Exception {
        if (!(part.getContent() instanceof Multipart children)) {
            return List.of(part);
        }
        List<Part> leaves = new ArrayList<>();
        for (int i = 0; i < children.getCount(); i++) {
            leaves.addAll(leaves(children.getBodyPart(i)));
        }
        return leaves;
    }
}
