package com.bi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.bi.analysis.AnalysisService;
import com.bi.basic.BasicService;
import com.bi.common.server.Service;
import com.bi.common.testing.TestDatabase;
import com.bi.plantaoxi.PlanTaoxiService;
import com.bi.sys.SysService;
import com.bi.template.TemplateService;
import com.bi.tenant.TenantService;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo made twice on the real services (bi-tenant, bi-sys, bi-basic, bi-analysis in this JVM, each on its own
 * schema of the test database, behind the edge): the second run creates nothing and every count stays the same;
 * the dashboard question answers the demo's orders with a non-zero GMV.
 */
class DemoSeedTest {
    private static final long ORDERS = 3_000;
    private static final LocalDate LAST_DAY = LocalDate.of(2026, 11, 30);
    private static LocalPlatform platform;
    private static Edge edge;
    private static LocalSecrets secrets;
    private static ServicePorts ports;

    @BeforeAll
    static void start() throws Exception {
        Path dataDir = Files.createTempDirectory("bi-launcher-test");
        secrets = LocalSecrets.loadOrCreate(dataDir);
        ports = ServicePorts.free();
        LocalPlatform.DatabaseAccess db = new LocalPlatform.DatabaseAccess(TestDatabase.url(), TestDatabase.user(),
                TestDatabase.password());
        String run = "l" + UUID.randomUUID().toString().substring(0, 6);
        List<Service> services = List.of(new SysService(), new TenantService(), new BasicService(), new AnalysisService(),
                new PlanTaoxiService(), new TemplateService());
        platform = LocalPlatform.start(services, name -> {
            Map<String, String> settings = new HashMap<>(Launcher.serviceSettings(name, ports, db, secrets));
            settings.put("bi.db.schema", run + "_" + name.substring(3).replace('-', '_')); // this run's own schemas in the shared test database
            return settings;
        }, System.nanoTime());
        assertTrue(platform.allReady(), () -> "not started: " + platform.services().stream()
                .map(s -> s.name() + "=" + s.state() + " " + s.failure()).toList());
        edge = Edge.start(Edge.catalogRoutes(ports), "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        if (edge != null) {
            edge.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void everyServiceServesItsOwnOpenApiDocumentThoughTheyShareOneClassPath() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (LocalPlatform.Running service : platform.services()) {
            HttpResponse<String> document = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + service.ports().http() + "/openapi")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, document.statusCode(), service.name());
            assertTrue(Pattern.compile("(?m)^  title: '?" + Pattern.quote(service.name()) + "'?$").matcher(document.body()).find(),
                    () -> service.name() + " serves another document: " + document.body().lines().limit(6).toList());
        }
    }

    @Test
    void seedingTwiceChangesNoCountAndTheDashboardHasTheOrders() {
        DemoSeed.Report first = seed().run(line -> { });
        assertTrue(first.tenantCreated() && first.adminCreated(), first.toString());
        assertEquals(4, first.shopsCreated());
        assertEquals(48, first.productsCreated());
        assertEquals(3, first.plansCreated(), "this month's plan of the Tmall shop and the two Taobao shops, not the JD one");
        assertEquals(3, first.startersInstalled());
        Map<String, Double> before = counts();

        DemoSeed.Report second = seed().run(line -> { });
        assertFalse(second.tenantCreated() || second.adminCreated(), second.toString());
        assertEquals(0, second.shopsCreated() + second.categoriesCreated() + second.productsCreated()
                + second.plansCreated() + second.startersInstalled(), second.toString());
        assertEquals(before, counts());

        // the orders metric leaves out what was never paid: most of the demo's orders, never more than were sent
        assertTrue(before.get("orders") > ORDERS * 0.8 && before.get("orders") <= ORDERS, before.toString());
        assertTrue(before.get("gmv") > 0 && before.get("refund_amount") > 0, before.toString());
        assertEquals(4.0, before.get("shops"));
        assertEquals(48.0, before.get("products"));
        assertEquals(3.0, before.get("plans"));
        assertEquals(3.0, before.get("templates"));
    }

    private static DemoSeed seed() {
        return new DemoSeed(edgeUri(), secrets.operatorPassword(), Launcher.seedSettings(ports, secrets), ORDERS, LAST_DAY);
    }

    /** What the demo consists of, through the same API the console uses. */
    private static Map<String, Double> counts() {
        try (Api api = new Api(edgeUri())) {
            String operator = api.login(DemoSeed.OPERATOR_TENANT, DemoSeed.OPERATOR, secrets.operatorPassword());
            String admin = api.login(DemoSeed.TENANT, DemoSeed.USER, DemoSeed.PASSWORD);
            Map<String, Double> counts = new HashMap<>();
            counts.put("tenants", total(api.get("/api/tenant/v1/admin/tenants", operator)));
            counts.put("users", total(api.get("/api/sys/v1/users", admin)));
            counts.put("shops", total(api.get("/api/basic/v1/shops", admin)));
            counts.put("categories", total(api.get("/api/basic/v1/categories", admin)));
            counts.put("products", total(api.get("/api/basic/v1/products", admin)));
            counts.put("plans", (double) api.get("/api/plan/v1/plans?month=" + LAST_DAY.toString().substring(0, 7), admin)
                    .expect(200).body().get("items").size());
            counts.put("templates", (double) api.get("/api/template/v1/templates", admin).expect(200).body().get("templates").size());
            JsonNode totals = api.post("/api/analysis/v1/query", Map.of("metrics", List.of("orders", "gmv", "refund_amount"),
                    "from", LAST_DAY.minusDays(364).toString(), "to", LAST_DAY.toString()), admin).expect(200).body().get("totals");
            counts.put("orders", totals.get("orders").asDouble());
            counts.put("gmv", totals.get("gmv").asDouble());
            counts.put("refund_amount", totals.get("refund_amount").asDouble());
            return counts;
        }
    }

    private static double total(Api.Answer answer) {
        return answer.expect(200).body().get("total").asDouble();
    }

    private static URI edgeUri() {
        return URI.create("http://127.0.0.1:" + edge.port());
    }
}
