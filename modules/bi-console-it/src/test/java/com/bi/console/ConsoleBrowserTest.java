package com.bi.console;

import java.io.File;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.bi.analysis.AnalysisService;
import com.bi.basic.BasicService;
import com.bi.common.server.Service;
import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.TestTokens;
import com.bi.orders.OrderCodec;
import com.bi.orders.OrderEvent;
import com.bi.orders.OrderLine;
import com.bi.proto.analysis.v1.AnalysisServiceGrpc;
import com.bi.proto.analysis.v1.IngestRequest;
import com.bi.proto.analysis.v1.QueryRequest;
import com.bi.server.ServerService;
import com.bi.sys.SysService;
import com.bi.tenant.TenantService;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
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
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The console in real Chromium (Debian's chromium and chromedriver, headless, driven by Selenium) against bi-tenant,
 * bi-sys, bi-basic, bi-analysis and bi-server started from their declarations on real PostgreSQL, behind a same-origin
 * prefix router (the gateway's routing): log in with bi-sys's tokens, see the tenant's name and role, the daily
 * dashboard equal to bi-analysis's own answer, change the range, switch and remember the language, and never see
 * another tenant's names or numbers. A service that is not running shows its "not available" panel. Screenshots of
 * each step go to target/screenshots.
 */
class ConsoleBrowserTest {
    private static final String OPERATOR_PASSWORD = "Operator-Test-Pw-2026!";
    private static final String PASSWORD = "Console-Test-Pw-2026!";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final List<ServiceUnderTest> services = new java.util.ArrayList<>();
    private static PrefixRouter router;
    private static ManagedChannel analysisChannel;
    private static WebDriver browser;
    private static WebDriverWait wait;
    private static Path profile;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> common = new HashMap<>(Map.of("bi.tenant.status.check", "true", "bi.tenant.status.ttl", "1s",
                "bi.ratelimit.enabled", "false"));
        ServiceUnderTest tenant = start(new TenantService(), common, true);
        common.put("bi.peers.tenant.address", tenant.grpcAddress());
        Map<String, String> sysConfig = new HashMap<>(common);
        sysConfig.putAll(Map.of("bi.bootstrap.admin.password", OPERATOR_PASSWORD, "bi.sys.argon2.memory.kib", "1024",
                "bi.sys.argon2.iterations", "1"));
        ServiceUnderTest sys = start(new SysService(), sysConfig, true);
        ServiceUnderTest basic = start(new BasicService(), common, true);
        ServiceUnderTest analysis = start(new AnalysisService(), common, true);
        Map<String, String> serverConfig = new HashMap<>(common);
        serverConfig.put("bi.peers.analysis.address", analysis.grpcAddress());
        ServiceUnderTest server = start(new ServerService(), serverConfig, false);
        // bi-notify, bi-chat, bi-plan-taoxi, bi-api-jushuitan and bi-api-leke are not started: the router answers 502 for them
        router = new PrefixRouter(Map.of("tenant", tenant.uri(), "sys", sys.uri(), "basic", basic.uri(), "analysis", analysis.uri(),
                "server", server.uri()));
        analysisChannel = NettyChannelBuilder.forAddress("127.0.0.1", analysis.grpcPort()).usePlaintext().build();

        Http tenantHttp = tenant.http();
        Http sysHttp = sys.http();
        String operator = login(sysHttp, "platform", "admin", OPERATOR_PASSWORD);
        for (String[] t : new String[][] {{"alpha", "Alpha Tea House"}, {"bravo", "Bravo Coffee Roasters"}}) {
            assertThat(tenantHttp.post("/api/tenant/v1/admin/tenants", operator, """
                    {"code":"%s","name":"%s"}""".formatted(t[0], t[1])).status(), is(201));
            assertThat(postUntilAvailable(sysHttp, "/api/sys/v1/admin/tenants/" + t[0] + "/users", operator, """
                    {"username":"admin","password":"%s","roles":["ADMIN"]}""".formatted(PASSWORD)).status(), is(201));
        }
        Http basicHttp = basic.http();
        createShop(basicHttp, login(sysHttp, "alpha", "admin", PASSWORD), "alpha-shop-1", "Alpha Flagship Store");
        createShop(basicHttp, login(sysHttp, "bravo", "admin", PASSWORD), "bravo-shop-1", "Bravo Secret Store");

        LocalDate today = LocalDate.now(ZONE);
        ingest("alpha", order("A1", "alpha-shop-1", today.minusDays(1), "1234.50", "TEA-OOLONG", 3),
                order("A2", "alpha-shop-1", today.minusDays(2), "100.25", "TEA-GREEN", 1),
                order("A3", "alpha-shop-1", today.minusDays(20), "700.00", "TEA-OOLONG", 2));
        ingest("bravo", order("B1", "bravo-shop-1", today.minusDays(1), "98765.43", "BRAVO-BEANS", 9));

        Files.createDirectories(SHOTS);
        profile = Files.createTempDirectory("bi-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,900", "--lang=en-US");
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
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
        if (router != null) {
            router.close();
        }
        services.reversed().forEach(ServiceUnderTest::close);
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

    private static String login(Http sys, String tenant, String user, String password) {
        Http.Response response = sys.post("/api/sys/v1/auth/login", null, """
                {"tenant":"%s","username":"%s","password":"%s"}""".formatted(tenant, user, password));
        assertThat(response.toString(), response.status(), is(200));
        return "Bearer " + response.json().get("access_token").asText();
    }

    private static void createShop(Http basic, String token, String externalId, String name) throws InterruptedException {
        String body = """
                {"name":"%s","platform":"TMALL","source":"JUSHUITAN","external_id":"%s"}""".formatted(name, externalId);
        Http.Response created = postUntilAvailable(basic, "/api/basic/v1/shops", token, body);
        assertThat(created.toString(), created.status(), is(201));
    }

    /** Posts until the service answers something other than 503 (it has not heard from bi-tenant yet), up to a minute. */
    private static Http.Response postUntilAvailable(Http http, String path, String token, String body) throws InterruptedException {
        Http.Response response = http.post(path, token, body);
        for (int i = 0; i < 300 && response.status() == 503; i++) {
            Thread.sleep(200);
            response = http.post(path, token, body);
        }
        return response;
    }

    private static OrderEvent order(String id, String shop, LocalDate day, String amount, String sku, int units) {
        Instant paid = day.atTime(10, 0).atZone(ZONE).toInstant();
        return new OrderEvent(null, "TEST", id, shop, "TMALL", paid.minusSeconds(60), paid, "PAID", "buyer-" + id,
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
            request.addOrders(OrderCodec.toProto(new OrderEvent(tenant, o.source(), o.externalOrderId(), o.shopId(), o.platform(),
                    o.orderTime(), o.payTime(), o.status(), o.buyerHash(), o.payAmount(), o.freight(), o.discount(),
                    o.refundAmount(), o.modifiedTime(), o.version(), o.items())));
        }
        analysis(tenant, "SERVICE").ingest(request.build());
    }

    /** bi-analysis's own GMV for the range, asked directly (not through bi-server). */
    private static double analysisGmv(String tenant, LocalDate from, LocalDate to) {
        return analysis(tenant, "VIEWER").query(QueryRequest.newBuilder().addMetrics("gmv").setFrom(from.toString())
                .setTo(to.toString()).setTotals(true).build()).getTotalsOrDefault("gmv", 0);
    }

    private static void shot(String name) throws Exception {
        File file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void logIn(String tenant) {
        browser.get(router.uri() + "/");
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

    @Test
    void aSellerUsesTheConsole() throws Exception {
        LocalDate today = LocalDate.now(ZONE);
        browser.get(router.uri() + "/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        new Select(browser.findElement(By.id("lang"))).selectByValue("en");
        shot("01-login");

        logIn("alpha");
        wait.until(ExpectedConditions.textToBe(By.id("tenant-name"), "Alpha Tea House"));
        assertThat(browser.findElement(By.id("user-role")).getText(), is("ADMIN"));
        // the daily dashboard (last 7 days): equal to bi-analysis's own answer for the same query
        double week = kpi("gmv");
        assertThat(week, closeTo(analysisGmv("alpha", today.minusDays(6), today), 1e-9));
        assertThat(week, closeTo(1334.75, 1e-9));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#trend-chart svg")));
        assertThat(browser.findElement(By.id("sku-table")).getText(), containsString("TEA-OOLONG"));
        assertThat(browser.findElement(By.id("shop-table")).getText(), containsString("Alpha Flagship Store"));
        shot("02-dashboard-last-7-days");

        // change the range
        new Select(browser.findElement(By.id("filter-range"))).selectByValue("last_30_days");
        wait.until(ExpectedConditions.attributeToBe(By.id("kpis"), "data-from", today.minusDays(29).toString()));
        double month = kpi("gmv");
        assertThat(month, closeTo(analysisGmv("alpha", today.minusDays(29), today), 1e-9));
        assertThat(month, closeTo(2034.75, 1e-9));
        shot("03-dashboard-last-30-days");

        // another tenant's names and numbers are nowhere on the page
        String page = browser.getPageSource();
        assertThat(page, not(containsString("Bravo")));
        assertThat(page, not(containsString("98765")));
        assertThat(page, not(containsString("BRAVO-BEANS")));

        // a service that is not running: its panel says so, the rest keeps working
        browser.findElement(By.id("nav-settings")).click();
        browser.findElement(By.id("tab-channels")).click();
        WebElement down = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#settings-body [data-state='unavailable']")));
        assertThat(down.getText(), containsString("bi-notify"));
        shot("04-settings-notify-not-available");
        browser.findElement(By.id("nav-chat")).click();
        browser.findElement(By.id("chat-input")).sendKeys("top 5 SKUs by units last 30 days");
        browser.findElement(By.id("chat-ask")).click();
        assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chat-log [data-state='unavailable']"))).getText(),
                containsString("bi-chat"));
        shot("05-chat-not-available");

        // switch language: remembered across a reload (the session survives it too)
        browser.findElement(By.id("nav-dashboard")).click();
        new Select(browser.findElement(By.id("lang"))).selectByValue("zh");
        wait.until(ExpectedConditions.textToBe(By.id("nav-dashboard"), "看板"));
        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.id("nav-dashboard"), "看板"));
        wait.until(ExpectedConditions.textToBe(By.id("tenant-name"), "Alpha Tea House"));
        assertThat(kpi("gmv"), closeTo(week, 1e-9)); // filters live in memory: a reload starts from the last 7 days again
        shot("06-dashboard-zh");

        // log out; tenant B sees its own name and numbers only
        browser.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        assertThat((String) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('bi.refresh')"),
                is((String) null));
        logIn("bravo");
        wait.until(ExpectedConditions.textToBe(By.id("tenant-name"), "Bravo Coffee Roasters"));
        assertThat(kpi("gmv"), closeTo(98765.43, 1e-9));
        String bravoPage = browser.getPageSource();
        assertThat(bravoPage, not(containsString("Alpha")));
        assertThat(bravoPage, not(containsString("TEA-OOLONG")));
        assertThat(bravoPage, not(containsString("1,334.75")));
        shot("07-tenant-b-dashboard");

        // a phone-sized window: the same page, one column
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#kpis .kpi")));
        shot("08-phone");
    }
}
