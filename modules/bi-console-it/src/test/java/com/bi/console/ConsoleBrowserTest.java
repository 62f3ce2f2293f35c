package com.bi.console;

import java.io.File;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.bi.analysis.AnalysisService;
import com.bi.basic.BasicService;
import com.bi.chat.ChatService;
import com.bi.common.server.Service;
import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.TestTokens;
import com.bi.notify.NotifyService;
import com.bi.orders.OrderCodec;
import com.bi.orders.OrderEvent;
import com.bi.orders.OrderLine;
import com.bi.plantaoxi.PlanTaoxiService;
import com.bi.proto.analysis.v1.AnalysisServiceGrpc;
import com.bi.proto.analysis.v1.IngestRequest;
import com.bi.proto.analysis.v1.OrderBy;
import com.bi.proto.analysis.v1.QueryRequest;
import com.bi.proto.analysis.v1.QueryResponse;
import com.bi.server.ServerService;
import com.bi.sys.SysService;
import com.bi.template.TemplateService;
import com.bi.tenant.TenantService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * The console in real Chromium (Debian's chromium and chromedriver, headless, driven by Selenium) against bi-tenant,
 * bi-sys, bi-basic, bi-analysis, bi-plan-taoxi, bi-notify, bi-chat and bi-server started from their declarations on
 * real PostgreSQL, behind a same-origin prefix router (the gateway's routing): log in with bi-sys's tokens, see the
 * tenant's name and role, the daily dashboard equal to bi-analysis's own answer, change the range, the plan
 * attainment equal to bi-plan-taoxi's own answer, chat answers (sentence, table, chart) equal to bi-analysis's answer
 * for the same query in English and Chinese, a webhook channel added and tested against a local receiver that checks
 * bi-notify's signature, switch and remember the language, and never see another tenant's names, numbers, chat turns
 * or channels. bi-api-jushuitan is not started: its settings tab shows the "not available" panel. Screenshots of
 * each step go to target/screenshots.
 */
class ConsoleBrowserTest {
    private static final String OPERATOR_PASSWORD = "Operator-Test-Pw-2026!";
    private static final String PASSWORD = "Console-Test-Pw-2026!";
    private static final String WEBHOOK_SECRET = "alpha-webhook-secret-2026";
    private static final String CHANNEL = "Alpha ops webhook";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final LocalDate TODAY = LocalDate.now(ZONE);
    /** Monday of the calendar week before this one: "上周" / "last week" in bi-chat's grammar. */
    private static final LocalDate LAST_MONDAY = TODAY.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Shop id at the source (what orders and bi-analysis carry) → the shop's name in bi-basic. */
    private static final Map<String, String> SHOP_NAMES = Map.of("alpha-shop-1", "Alpha Flagship Store",
            "alpha-shop-2", "Alpha Taobao Outlet", "bravo-shop-1", "Bravo Secret Store");
    private static final Map<String, String> SHOP_PLATFORMS = Map.of("alpha-shop-1", "TMALL", "alpha-shop-2", "TAOBAO",
            "bravo-shop-1", "TMALL");
    private static final List<ServiceUnderTest> services = Collections.synchronizedList(new ArrayList<>());
    private static final List<OrderEvent> seeded = new ArrayList<>();
    private static final ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor();
    private static PrefixRouter router;
    private static WebhookReceiver receiver;
    private static ManagedChannel analysisChannel;
    private static Http sysHttp;
    private static Http planHttp;
    private static Http notifyHttp;
    private static long alphaPlanShop;
    private static WebDriver browser;
    private static WebDriverWait wait;
    private static Path profile;

    @BeforeAll
    static void start() throws Exception {
        CompletableFuture<WebDriver> chromium = CompletableFuture.supplyAsync(ConsoleBrowserTest::chromium, starter);
        Map<String, String> common = new HashMap<>(Map.of("bi.tenant.status.check", "true", "bi.tenant.status.ttl", "1s",
                "bi.ratelimit.enabled", "false"));
        ServiceUnderTest tenant = start(new TenantService(), common, true);
        common.put("bi.peers.tenant.address", tenant.grpcAddress());
        Map<String, String> sysConfig = new HashMap<>(common);
        sysConfig.putAll(Map.of("bi.bootstrap.admin.password", OPERATOR_PASSWORD, "bi.sys.argon2.memory.kib", "1024",
                "bi.sys.argon2.iterations", "1"));
        // the documented test-only setting lets bi-notify reach the loopback receiver over http (prod refuses it)
        Map<String, String> notifyConfig = new HashMap<>(common);
        notifyConfig.putAll(Map.of("bi.notify.outbound.schemes", "http,https", "bi.notify.outbound.trusted.networks", "127.0.0.1/32",
                "bi.notify.timeout", "10s"));
        // the independent ones in parallel (each migrates its own schema), then those that need their addresses
        CompletableFuture<ServiceUnderTest> sysStarted = startAsync(new SysService(), sysConfig);
        CompletableFuture<ServiceUnderTest> basicStarted = startAsync(new BasicService(), common);
        CompletableFuture<ServiceUnderTest> analysisStarted = startAsync(new AnalysisService(), common);
        CompletableFuture<ServiceUnderTest> notifyStarted = startAsync(new NotifyService(), notifyConfig);
        ServiceUnderTest basic = basicStarted.join();
        ServiceUnderTest analysis = analysisStarted.join();
        // generous deadlines: a peer's first call in a fresh JVM on the loaded CI machine can take seconds
        Map<String, String> withPeers = new HashMap<>(common);
        withPeers.putAll(Map.of("bi.peers.analysis.address", analysis.grpcAddress(), "bi.peers.basic.address", basic.grpcAddress(),
                "bi.peers.analysis.timeout", "20s", "bi.peers.basic.timeout", "20s"));
        CompletableFuture<ServiceUnderTest> chatStarted = startAsync(new ChatService(), withPeers);
        CompletableFuture<ServiceUnderTest> planStarted = startAsync(new PlanTaoxiService(), withPeers);
        CompletableFuture<ServiceUnderTest> templateStarted = startAsync(new TemplateService(), withPeers);
        ServiceUnderTest plan = planStarted.join();
        ServiceUnderTest template = templateStarted.join();
        Map<String, String> serverConfig = new HashMap<>(common);
        serverConfig.putAll(Map.of("bi.peers.analysis.address", analysis.grpcAddress(), "bi.peers.plan.taoxi.address", plan.grpcAddress(),
                "bi.peers.plan.taoxi.timeout", "20s", "bi.peers.template.address", template.grpcAddress(), "bi.peers.template.timeout", "20s"));
        ServiceUnderTest server = start(new ServerService(), serverConfig, false);
        ServiceUnderTest sys = sysStarted.join();
        ServiceUnderTest notify = notifyStarted.join();
        ServiceUnderTest chat = chatStarted.join();
        // bi-api-jushuitan and bi-api-leke are not started: the router answers 502 for them
        router = new PrefixRouter(Map.of("tenant", tenant.uri(), "sys", sys.uri(), "basic", basic.uri(), "analysis", analysis.uri(),
                "plan", plan.uri(), "notify", notify.uri(), "chat", chat.uri(), "template", template.uri(), "server", server.uri()));
        receiver = new WebhookReceiver(WEBHOOK_SECRET, Clock.systemUTC());
        analysisChannel = NettyChannelBuilder.forAddress("127.0.0.1", analysis.grpcPort()).usePlaintext().build();

        Http tenantHttp = tenant.http();
        sysHttp = sys.http();
        planHttp = plan.http();
        notifyHttp = notify.http();
        String operator = login("platform", "admin", OPERATOR_PASSWORD);
        for (String[] t : new String[][] {{"alpha", "Alpha Tea House"}, {"bravo", "Bravo Coffee Roasters"}}) {
            assertThat(tenantHttp.post("/api/tenant/v1/admin/tenants", operator, """
                    {"code":"%s","name":"%s"}""".formatted(t[0], t[1])).status(), is(201));
            assertThat(sendUntilAvailable(sysHttp, "POST", "/api/sys/v1/admin/tenants/" + t[0] + "/users", operator, """
                    {"username":"admin","password":"%s","roles":["ADMIN"]}""".formatted(PASSWORD)).status(), is(201));
        }
        Http basicHttp = basic.http();
        String alpha = login("alpha", "admin", PASSWORD);
        alphaPlanShop = createShop(basicHttp, alpha, "alpha-shop-1");
        createShop(basicHttp, alpha, "alpha-shop-2");
        createShop(basicHttp, login("bravo", "admin", PASSWORD), "bravo-shop-1");

        ingest("alpha", order("A1", "alpha-shop-1", TODAY.minusDays(1), "1234.50", "TEA-OOLONG", 3),
                order("A2", "alpha-shop-1", TODAY.minusDays(2), "100.25", "TEA-GREEN", 1),
                order("A3", "alpha-shop-1", TODAY.minusDays(20), "700.00", "TEA-OOLONG", 2),
                order("A4", "alpha-shop-1", LAST_MONDAY.plusDays(2), "388.00", "TEA-JASMINE", 4),
                order("A5", "alpha-shop-2", LAST_MONDAY.plusDays(4), "66.60", "TEA-GREEN", 2));
        ingest("bravo", order("B1", "bravo-shop-1", TODAY.minusDays(1), "98765.43", "BRAVO-BEANS", 9),
                order("B2", "bravo-shop-1", LAST_MONDAY.plusDays(1), "4321.09", "BRAVO-BEANS", 3));

        // this month's plan of alpha's TMALL shop, through bi-plan-taoxi's HTTP API as the tenant's admin
        Http.Response planned = sendUntilAvailable(planHttp, "PUT", "/api/plan/v1/plans/" + alphaPlanShop + "/" + YearMonth.from(TODAY),
                alpha, """
                        {"target_gmv":"30000.00","target_orders":30,"note":"console test"}""");
        assertThat(planned.toString(), planned.status(), is(201));

        Files.createDirectories(SHOTS);
        browser = chromium.join();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (analysisChannel != null) {
            analysisChannel.shutdownNow();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (router != null) {
            router.close();
        }
        new ArrayList<>(services).reversed().forEach(ServiceUnderTest::close);
        starter.shutdownNow();
    }

    private static WebDriver chromium() {
        try {
            profile = Files.createTempDirectory("bi-chromium-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,900", "--lang=en-US");
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        return new ChromeDriver(driver, options);
    }

    private static ServiceUnderTest start(Service service, Map<String, String> config, boolean database) {
        ServiceUnderTest s = ServiceUnderTest.of(service);
        if (database) {
            s = s.withDatabase();
        }
        s = s.config(config).start();
        services.add(s);
        return s;
    }

    private static CompletableFuture<ServiceUnderTest> startAsync(Service service, Map<String, String> config) {
        Map<String, String> copy = Map.copyOf(config);
        Supplier<ServiceUnderTest> task = () -> start(service, copy, true);
        return CompletableFuture.supplyAsync(task, starter);
    }

    private static String login(String tenant, String user, String password) {
        Http.Response response = sysHttp.post("/api/sys/v1/auth/login", null, """
                {"tenant":"%s","username":"%s","password":"%s"}""".formatted(tenant, user, password));
        assertThat(response.toString(), response.status(), is(200));
        return "Bearer " + response.json().get("access_token").asText();
    }

    /** A shop in bi-basic named after {@link #SHOP_NAMES}; its bi-basic id. */
    private static long createShop(Http basic, String token, String externalId) throws InterruptedException {
        String body = """
                {"name":"%s","platform":"%s","source":"JUSHUITAN","external_id":"%s"}""".formatted(SHOP_NAMES.get(externalId),
                SHOP_PLATFORMS.get(externalId), externalId);
        Http.Response created = sendUntilAvailable(basic, "POST", "/api/basic/v1/shops", token, body);
        assertThat(created.toString(), created.status(), is(201));
        return created.json().get("id").asLong();
    }

    /** Sends until the service answers something other than 503 (it has not heard from bi-tenant yet), up to a minute. */
    private static Http.Response sendUntilAvailable(Http http, String method, String path, String token, String body) throws InterruptedException {
        Http.Response response = http.send(method, path, token, body, null);
        for (int i = 0; i < 300 && response.status() == 503; i++) {
            Thread.sleep(200);
            response = http.send(method, path, token, body, null);
        }
        return response;
    }

    private static OrderEvent order(String id, String shop, LocalDate day, String amount, String sku, int units) {
        Instant paid = day.atTime(10, 0).atZone(ZONE).toInstant();
        return new OrderEvent(null, "TEST", id, shop, SHOP_PLATFORMS.get(shop), paid.minusSeconds(60), paid, "PAID", "buyer-" + id,
                new BigDecimal(amount), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, paid, 1,
                List.of(new OrderLine(sku, "drinks", units, new BigDecimal(amount), BigDecimal.ZERO)));
    }

    private static AnalysisServiceGrpc.AnalysisServiceBlockingStub analysis(String tenant, String role) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + TestTokens.token(tenant, role));
        return AnalysisServiceGrpc.newBlockingStub(analysisChannel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static void ingest(String tenant, OrderEvent... orders) {
        IngestRequest.Builder request = IngestRequest.newBuilder();
        for (OrderEvent o : orders) {
            OrderEvent owned = new OrderEvent(tenant, o.source(), o.externalOrderId(), o.shopId(), o.platform(),
                    o.orderTime(), o.payTime(), o.status(), o.buyerHash(), o.payAmount(), o.freight(), o.discount(),
                    o.refundAmount(), o.modifiedTime(), o.version(), o.items());
            seeded.add(owned);
            request.addOrders(OrderCodec.toProto(owned));
        }
        analysis(tenant, "SERVICE").ingest(request.build());
    }

    /** The GMV of the orders this test seeded for the tenant, paid in [from, to] (an answer that does not come from bi-analysis). */
    private static double seededGmv(String tenant, LocalDate from, LocalDate to) {
        return seeded.stream().filter(o -> o.tenantId().equals(tenant))
                .filter(o -> {
                    LocalDate day = o.payTime().atZone(ZONE).toLocalDate();
                    return !day.isBefore(from) && !day.isAfter(to);
                }).map(OrderEvent::payAmount).reduce(BigDecimal.ZERO, BigDecimal::add).doubleValue();
    }

    /** bi-analysis's own GMV for the range, asked directly (not through bi-server). */
    private static double analysisGmv(String tenant, LocalDate from, LocalDate to) {
        return analysis(tenant, "VIEWER").query(QueryRequest.newBuilder().addMetrics("gmv").setFrom(from.toString())
                .setTo(to.toString()).setTotals(true).build()).getTotalsOrDefault("gmv", 0);
    }

    /** bi-analysis's own answer to one metric by one dimension, largest first: the query a chat question should mean. */
    private static QueryResponse analysisRanking(String tenant, String metric, String dimension, LocalDate from, LocalDate to, int limit) {
        return analysis(tenant, "VIEWER").query(QueryRequest.newBuilder().addMetrics(metric).addDimensions(dimension)
                .setFrom(from.toString()).setTo(to.toString())
                .addOrderBy(OrderBy.newBuilder().setField(metric).setDirection("desc")).setLimit(limit).build());
    }

    /** The rows bi-chat's table should show for bi-analysis's answer: the label, then the value as bi-chat formats it. */
    private static List<List<String>> expectedChatRows(QueryResponse answer, String metric, String dimension) {
        return answer.getRowsList().stream().map(row -> {
            String key = row.getDimensionsOrThrow(dimension);
            String label = dimension.equals("shop") ? SHOP_NAMES.getOrDefault(key, key) : key;
            double value = row.getMetricsOrThrow(metric);
            String shown = metric.equals("gmv")
                    ? "¥" + String.format(Locale.ROOT, "%,.2f", BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP))
                    : String.format(Locale.ROOT, "%,d", BigDecimal.valueOf(value).setScale(0, RoundingMode.HALF_UP).longValueExact());
            return List.of(label, shown);
        }).toList();
    }

    private static void shot(String name) throws Exception {
        File file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static Object script(String js, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(js, args);
    }

    private static void logIn(String tenant) {
        browser.get(router.uri() + "/");
        logInHere(tenant);
    }

    /** Logs in on the login form the page shows now (after a logout: the same page, its scripts' state kept). */
    private static void logInHere(String tenant) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-tenant"))).sendKeys(tenant);
        browser.findElement(By.id("login-username")).sendKeys("admin");
        browser.findElement(By.id("login-password")).sendKeys(PASSWORD);
        browser.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tenant-name")));
    }

    private static double kpi(String metric) {
        WebElement card = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#kpis .kpi[data-metric='" + metric + "']")));
        return Double.parseDouble(card.getAttribute("data-value"));
    }

    /** Asks in the chat panel and waits for this question's answer; returns the turn's CSS selector. */
    private static String ask(String question) {
        browser.findElement(By.id("nav-chat")).click();
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("chat-input")));
        int turn = browser.findElements(By.cssSelector("#chat-log .chat-turn")).size() + 1;
        input.sendKeys(question);
        browser.findElement(By.id("chat-ask")).click();
        String selector = "#chat-log .chat-turn:nth-child(" + turn + ")";
        wait.until(ExpectedConditions.textToBe(By.cssSelector(selector + " .chat-q"), question));
        wait.until(ExpectedConditions.or(ExpectedConditions.presenceOfElementLocated(By.cssSelector(selector + " .chat-sentence")),
                ExpectedConditions.presenceOfElementLocated(By.cssSelector(selector + " [data-state='error'], " + selector + " [data-state='unavailable']"))));
        assertThat(browser.findElement(By.cssSelector(selector + " .chat-a")).getText(),
                browser.findElements(By.cssSelector(selector + " .chat-sentence[data-kind='ANSWER']")), hasSize(1));
        return selector;
    }

    /** The chat answer's table as text, row by row. */
    @SuppressWarnings("unchecked")
    private static List<List<String>> chatTable(String turn) {
        return (List<List<String>>) script("return [...document.querySelectorAll(arguments[0] + ' .chat-table tbody tr')]"
                + ".map((tr) => [...tr.cells].map((td) => td.textContent));", turn);
    }

    /** The chart drawn in the answer: waits for ECharts' SVG and returns the text it drew (axis labels, legend). */
    private static String chatChart(String turn) {
        WebElement svg = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(turn + " .chat-chart svg")));
        assertThat("bars or a line are drawn", browser.findElements(By.cssSelector(turn + " .chat-chart svg path")).size(), greaterThan(2));
        return (String) script("return [...arguments[0].querySelectorAll('text')].map((t) => t.textContent).join('|');", svg);
    }

    private static JsonNode json(Http.Response response) throws Exception {
        assertThat(response.toString(), response.status(), is(200));
        return JSON.readTree(response.body());
    }

    @Test
    void aSellerUsesTheConsole() throws Exception {
        browser.get(router.uri() + "/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        new Select(browser.findElement(By.id("lang"))).selectByValue("en");
        shot("01-login");

        logIn("alpha");
        wait.until(ExpectedConditions.textToBe(By.id("tenant-name"), "Alpha Tea House"));
        assertThat(browser.findElement(By.id("user-role")).getText(), is("ADMIN"));
        // the daily dashboard (last 7 days): equal to bi-analysis's own answer for the same query, and to what was seeded
        double week = kpi("gmv");
        assertThat(week, closeTo(analysisGmv("alpha", TODAY.minusDays(6), TODAY), 1e-9));
        assertThat(week, closeTo(seededGmv("alpha", TODAY.minusDays(6), TODAY), 1e-9));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#trend-chart svg")));
        assertThat(browser.findElement(By.id("sku-table")).getText(), containsString("TEA-OOLONG"));
        assertThat(browser.findElement(By.id("shop-table")).getText(), containsString("Alpha Flagship Store"));
        shot("02-dashboard-last-7-days");

        // change the range
        new Select(browser.findElement(By.id("filter-range"))).selectByValue("last_30_days");
        wait.until(ExpectedConditions.attributeToBe(By.id("kpis"), "data-from", TODAY.minusDays(29).toString()));
        double month = kpi("gmv");
        assertThat(month, closeTo(analysisGmv("alpha", TODAY.minusDays(29), TODAY), 1e-9));
        assertThat(month, closeTo(seededGmv("alpha", TODAY.minusDays(29), TODAY), 1e-9));
        shot("03-dashboard-last-30-days");
        assertNoBravo(browser.getPageSource());

        // a bi-template starter as a dashboard: installed by the admin from the empty picker, picked, its panels drawn
        // with the daily dashboard's filters (the last 30 days) and equal to bi-analysis's answers for that range
        wait.until(ExpectedConditions.elementToBeClickable(By.id("install-starters"))).click();
        WebElement daily = wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath(
                "//select[@id='dashboard-picker']/option[@data-template and starts-with(normalize-space(.), 'Daily sales report')]")));
        String templateId = daily.getAttribute("data-template");
        new Select(browser.findElement(By.id("dashboard-picker"))).selectByValue(templateId);
        WebElement rendered = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#template-body[data-template-id='" + templateId + "']")));
        assertThat(rendered.getAttribute("data-partial"), is("false"));
        LocalDate templateFrom = LocalDate.parse(rendered.getAttribute("data-from"));
        LocalDate templateTo = LocalDate.parse(rendered.getAttribute("data-to"));
        assertThat(templateFrom, is(TODAY.minusDays(29)));
        double templateGmv = Double.parseDouble(browser.findElement(By.cssSelector("#panel-kpis .kpi[data-metric='gmv']")).getAttribute("data-value"));
        assertThat(templateGmv, closeTo(analysisGmv("alpha", templateFrom, templateTo), 1e-9));
        assertThat(templateGmv, closeTo(seededGmv("alpha", templateFrom, templateTo), 1e-9));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#panel-chart-by_shop svg")));
        String templateSkus = browser.findElement(By.cssSelector("table#panel-table-top_skus")).getText();
        int previousAt = -1;
        for (var row : analysisRanking("alpha", "gmv", "sku", templateFrom, templateTo, 10).getRowsList()) {
            int at = templateSkus.indexOf(row.getDimensionsOrThrow("sku"));
            assertThat(templateSkus, at, greaterThan(previousAt)); // every SKU, in bi-analysis's order
            previousAt = at;
        }
        shot("04-template-daily-sales");
        assertNoBravo(browser.getPageSource());

        // the plan view: this month's attainment, forecast and status of alpha's TMALL shop, as bi-plan-taoxi answers them
        JsonNode attainment = json(planHttp.get("/api/plan/v1/attainment?month=" + YearMonth.from(TODAY),
                "Bearer " + TestTokens.token("alpha", "VIEWER")));
        assertThat(attainment.toString(), attainment.get("shops").size(), is(1));
        JsonNode planned = attainment.get("shops").get(0);
        assertThat(planned.get("shop_id").asLong(), is(alphaPlanShop));
        browser.findElement(By.id("nav-plan")).click();
        WebElement planRow = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#plan #attainment-table tbody tr")));
        assertThat(browser.findElements(By.cssSelector("#plan #attainment-table tbody tr")), hasSize(1));
        assertThat(cell(planRow, "shop"), is("Alpha Flagship Store"));
        assertThat(cell(planRow, "target"), is(money(planned.get("target_gmv").asText())));
        assertThat(cell(planRow, "target"), is("30,000.00"));
        assertThat(cell(planRow, "actual"), is(money(planned.get("mtd_gmv").asText())));
        assertThat(cell(planRow, "forecast"), is(money(planned.get("forecast_gmv").asText())));
        assertThat(cell(planRow, "status"), is(planned.get("status").asText()));
        String shownAttainment = cell(planRow, "attainment");
        assertThat(shownAttainment, shownAttainment.endsWith("%"), is(true));
        assertThat(Double.parseDouble(shownAttainment.replace("%", "")), closeTo(planned.get("attainment").asDouble() * 100, 0.05 + 1e-9));
        shot("05-plan-attainment");

        // chat, in English: the answer's sentence, table and chart; the table equal to bi-analysis's answer for the same query
        String topSkus = ask("top 5 SKUs by units last 30 days");
        QueryResponse skus = analysisRanking("alpha", "units", "sku", TODAY.minusDays(30), TODAY.minusDays(1), 5);
        List<List<String>> expectedSkus = expectedChatRows(skus, "units", "sku");
        assertThat(expectedSkus.toString(), expectedSkus.size(), is(3));
        assertThat(chatTable(topSkus), is(expectedSkus));
        assertThat(expectedSkus.getFirst(), is(List.of("TEA-OOLONG", "5")));
        String sentence = browser.findElement(By.cssSelector(topSkus + " .chat-sentence")).getText();
        assertThat(sentence, containsString("TEA-OOLONG (5)"));
        assertThat(sentence, containsString(TODAY.minusDays(30).toString()));
        String drawn = chatChart(topSkus);
        expectedSkus.forEach(row -> assertThat(drawn, containsString(row.getFirst())));
        script("document.querySelector(arguments[0]).scrollIntoView()", topSkus); // the question and its sentence in the screenshot
        shot("06-chat-top-skus");

        // a notification channel: a webhook to the local receiver, added and tested in the console as the tenant's admin
        browser.findElement(By.id("nav-settings")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("tab-channels"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#settings-body [data-state='empty']")));
        browser.findElement(By.id("ch-name")).sendKeys(CHANNEL);
        assertThat(new Select(browser.findElement(By.id("ch-type"))).getFirstSelectedOption().getAttribute("value"), is("WEBHOOK"));
        browser.findElement(By.id("ch-target")).sendKeys(receiver.hookUri().toString());
        browser.findElement(By.id("ch-secret")).sendKeys(WEBHOOK_SECRET);
        browser.findElement(By.cssSelector("#settings-body form button[type='submit']")).click();
        WebElement test = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#channel-table button[data-test]")));
        assertThat(browser.findElement(By.id("channel-table")).getText(), containsString(CHANNEL));
        assertThat(receiver.received(), hasSize(0));
        test.click();
        wait.until(ExpectedConditions.attributeToBeNotEmpty(test, "data-delivery-status"));
        assertThat(test.getText(), test.getAttribute("data-delivery-status"), is("SENT"));
        assertThat(test.getText(), is("Test message sent"));
        List<WebhookReceiver.Received> got = receiver.received();
        assertThat(got.toString(), got, hasSize(1));
        WebhookReceiver.Received message = got.getFirst();
        assertThat(message.rejection(), message.verified(), is(true));
        assertThat(message.contentType(), containsString("application/json"));
        JsonNode body = JSON.readTree(message.body());
        assertThat(body.get("delivery_id").asText(), is(message.deliveryId()));
        assertThat(body.get("title").asText(), is("bi-notify test message"));
        assertThat(body.get("markdown").asText(), containsString(CHANNEL));
        // the delivery is alpha's: alpha's log has it as sent, bravo's does not know it
        JsonNode delivery = json(notifyHttp.get("/api/notify/v1/deliveries/" + message.deliveryId(), "Bearer " + TestTokens.token("alpha", "VIEWER")));
        assertThat(delivery.get("status").asText(), is("SENT"));
        assertThat(delivery.get("channel_name").asText(), is(CHANNEL));
        assertThat(test.getAttribute("data-delivery-id"), is(message.deliveryId()));
        assertThat(notifyHttp.get("/api/notify/v1/deliveries/" + message.deliveryId(), "Bearer " + TestTokens.token("bravo", "ADMIN")).status(), is(404));
        shot("07-notify-test-sent");

        // a service that is not running (bi-api-jushuitan): its panel says so, the other tabs keep working
        browser.findElement(By.id("tab-jushuitan")).click();
        WebElement down = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#settings-body [data-state='unavailable']")));
        assertThat(down.getAttribute("data-service"), is("bi-api-jushuitan"));
        assertThat(down.getText(), containsString("bi-api-jushuitan"));
        shot("08-settings-jushuitan-not-available");

        // switch language: remembered across a reload (the session survives it too)
        browser.findElement(By.id("nav-dashboard")).click();
        new Select(browser.findElement(By.id("lang"))).selectByValue("zh");
        wait.until(ExpectedConditions.textToBe(By.id("nav-dashboard"), "看板"));
        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.id("nav-dashboard"), "看板"));
        wait.until(ExpectedConditions.textToBe(By.id("tenant-name"), "Alpha Tea House"));
        assertThat(kpi("gmv"), closeTo(week, 1e-9)); // filters live in memory: a reload starts from the last 7 days again
        shot("09-dashboard-zh");

        // chat, in Chinese: last calendar week's GMV per shop, named as in bi-basic
        String gmvByShop = ask("上周各店铺GMV");
        QueryResponse shops = analysisRanking("alpha", "gmv", "shop", LAST_MONDAY, LAST_MONDAY.plusDays(6), 100);
        List<List<String>> expectedShops = expectedChatRows(shops, "gmv", "shop");
        assertThat(expectedShops.toString(), expectedShops.size(), is(2));
        assertThat(chatTable(gmvByShop), is(expectedShops));
        assertThat(browser.findElement(By.cssSelector(gmvByShop + " .chat-sentence")).getText(),
                containsString(LAST_MONDAY + "至" + LAST_MONDAY.plusDays(6)));
        String drawnShops = chatChart(gmvByShop);
        assertThat(drawnShops, containsString("Alpha Flagship Store"));
        assertThat(drawnShops, containsString("Alpha Taobao Outlet"));
        assertNoBravo(browser.getPageSource());
        script("document.querySelector(arguments[0]).scrollIntoView()", gmvByShop);
        shot("10-chat-zh-gmv-by-shop");
        // without a dimension the answer's chart is a KPI card: the week's total, as bi-analysis and the seeded orders say
        String weekGmv = ask("上周GMV");
        WebElement card = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(weekGmv + " .chat-kpis .kpi")));
        double lastWeek = analysisGmv("alpha", LAST_MONDAY, LAST_MONDAY.plusDays(6));
        assertThat(Double.parseDouble(card.getAttribute("data-value")), closeTo(lastWeek, 1e-9));
        assertThat(lastWeek, closeTo(seededGmv("alpha", LAST_MONDAY, LAST_MONDAY.plusDays(6)), 1e-9));
        assertThat(card.findElement(By.className("value")).getText(),
                is("¥" + String.format(Locale.ROOT, "%,.2f", BigDecimal.valueOf(lastWeek).setScale(2, RoundingMode.HALF_UP))));

        // filters chosen in this session must not follow into the next one (alpha's shop id in bravo's query)
        browser.findElement(By.id("nav-dashboard")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#filter-shop option[value='alpha-shop-1']")));
        new Select(browser.findElement(By.id("filter-shop"))).selectByValue("alpha-shop-1");
        new Select(browser.findElement(By.id("filter-range"))).selectByValue("last_30_days");
        wait.until(ExpectedConditions.attributeToBe(By.id("kpis"), "data-from", TODAY.minusDays(29).toString()));

        // log out; tenant B sees its own name, numbers, chat answers, plans and channels only
        browser.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        assertThat("the header keeps nothing of alpha's", browser.findElement(By.id("tenant-name")).getAttribute("textContent"), is(""));
        assertThat(script("return sessionStorage.getItem('bi.refresh')"), is(nullValue()));
        logInHere("bravo"); // no reload in between: nothing of alpha's session may survive in the page
        wait.until(ExpectedConditions.textToBe(By.id("tenant-name"), "Bravo Coffee Roasters"));
        browser.findElement(By.id("nav-dashboard")).click();
        assertThat(new Select(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("filter-range")))).getFirstSelectedOption()
                .getAttribute("value"), is("last_7_days"));
        assertThat(kpi("gmv"), closeTo(seededGmv("bravo", TODAY.minusDays(6), TODAY), 1e-9));
        assertThat(kpi("gmv"), closeTo(analysisGmv("bravo", TODAY.minusDays(6), TODAY), 1e-9));
        // alpha's installed templates are not bravo's: its picker is empty and offers the install
        wait.until(ExpectedConditions.attributeToBe(By.id("dashboard-picker"), "data-count", "0"));
        assertThat(browser.findElements(By.cssSelector("#dashboard-picker option[data-template]")), hasSize(0));
        assertThat(browser.findElements(By.id("install-starters")), hasSize(1));
        assertNoAlpha(browser.getPageSource());
        shot("11-tenant-b-dashboard");
        // the chat panel starts empty for the new session: none of alpha's questions or answers
        browser.findElement(By.id("nav-chat")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("chat-input")));
        assertThat(browser.findElements(By.cssSelector("#chat-log .chat-turn")), hasSize(0));
        String bravoShops = ask("上周各店铺GMV");
        assertThat(chatTable(bravoShops), is(expectedChatRows(
                analysisRanking("bravo", "gmv", "shop", LAST_MONDAY, LAST_MONDAY.plusDays(6), 100), "gmv", "shop")));
        assertThat(chatTable(bravoShops).getFirst().getFirst(), is("Bravo Secret Store"));
        assertThat(chatChart(bravoShops), not(containsString("Alpha")));
        assertNoAlpha(browser.getPageSource());
        assertThat(browser.findElements(By.cssSelector("#chat-log .chat-turn")), hasSize(1));
        script("document.querySelector(arguments[0]).scrollIntoView()", bravoShops);
        shot("12-tenant-b-chat");
        browser.findElement(By.id("nav-plan")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#plan [data-state='empty']")));
        assertNoAlpha(browser.getPageSource());
        browser.findElement(By.id("nav-settings")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("tab-channels"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#settings-body [data-state='empty']")));
        assertThat(browser.findElements(By.cssSelector("#channel-table")), hasSize(0));
        assertNoAlpha(browser.getPageSource());
        shot("13-tenant-b-channels");
        assertThat("nothing more reached the receiver", receiver.received(), hasSize(1));

        // a phone-sized window: the same page, one column
        browser.findElement(By.id("nav-dashboard")).click();
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#kpis .kpi")));
        shot("14-phone");
    }

    private static String cell(WebElement row, String column) {
        return row.findElement(By.cssSelector("td[data-col='" + column + "']")).getText();
    }

    /** Money as the English console shows it (en-US grouping, two decimals). */
    private static String money(String decimal) {
        return String.format(Locale.US, "%,.2f", new BigDecimal(decimal).setScale(2, RoundingMode.HALF_UP));
    }

    private static void assertNoBravo(String page) {
        for (String secret : List.of("Bravo", "98765", "98,765", "4321.09", "4,321.09", "BRAVO-BEANS")) {
            assertThat(page, not(containsString(secret)));
        }
    }

    private static void assertNoAlpha(String page) {
        for (String secret : List.of("Alpha", "TEA-OOLONG", "TEA-GREEN", "TEA-JASMINE", "1,334.75", "1,234.50", "388.00", CHANNEL)) {
            assertThat(page, not(containsString(secret)));
        }
    }
}
