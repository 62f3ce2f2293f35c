package com.bi.template;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import javax.imageio.ImageIO;

import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.TestTokens;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bi-template over HTTP against the real bi-analysis and PostgreSQL: starters rendered with the seeded orders, the
 * exports read back (XLSX with POI, PNG with ImageIO), tenant isolation, sharing, bad input as problem+json.
 */
class TemplateApiTest {
    static final ServiceUnderTest ANALYSIS = Backend.analysis();
    @RegisterExtension
    static final ServiceUnderTest SERVICE = Backend.template(ANALYSIS);
    private static final String ADMIN_A = bearer("tpl-a", "ADMIN");
    private static final String ADMIN_B = bearer("tpl-b", "ADMIN");
    private final Http http;
    private final URI uri;

    TemplateApiTest(Http http, URI uri) {
        this.http = http;
        this.uri = uri;
    }

    @BeforeAll
    static void seed() {
        Backend.seed(ANALYSIS);
    }

    @AfterAll
    static void stopAnalysis() {
        ANALYSIS.close();
    }

    private String starter(String admin, String key) {
        Http.Response installed = http.post("/api/template/v1/starters/install", admin, null);
        assertThat(installed.toString(), installed.status(), is(200));
        for (JsonNode t : installed.json().get("templates")) {
            if (t.get("starter_key").asText().equals(key)) {
                return t.get("id").asText();
            }
        }
        throw new AssertionError("no starter " + key + ": " + installed);
    }

    private static JsonNode panel(JsonNode rendering, String id) {
        for (JsonNode p : rendering.get("panels")) {
            if (p.get("panel_id").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no panel " + id + " in " + rendering);
    }

    @Test
    void startersInstallOnceAndRenderTheSeededOrders() {
        String id = starter(ADMIN_A, "daily_sales");
        Http.Response again = http.post("/api/template/v1/starters/install", ADMIN_A, null);
        assertThat(again.json().get("installed").asInt(), is(0));
        assertThat(again.json().get("templates").size(), is(3));

        Http.Response rendered = http.post("/api/template/v1/templates/" + id + "/render", bearer("tpl-a", "VIEWER"),
                "{\"variables\":{\"range\":\"yesterday\"}}");
        assertThat(rendered.toString(), rendered.status(), is(200));
        JsonNode r = rendered.json();
        LocalDate yesterday = Backend.today().minusDays(1);
        assertEquals(yesterday.toString(), r.get("range_from").asText());
        assertEquals(yesterday.toString(), r.get("range_to").asText());
        assertEquals("Asia/Shanghai", r.get("time_zone").asText());
        assertThat(r.toString(), r.get("partial").asBoolean(), is(false));
        JsonNode kpi = panel(r, "kpis").get("kpi");
        assertEquals("gmv", kpi.get("metric").asText());
        assertEquals(180.0, kpi.get("value").asDouble(), 1e-9);
        assertEquals(60.0, kpi.get("previous").asDouble(), 1e-9);
        assertEquals(200.0, kpi.get("change_pct").asDouble(), 1e-9);
        JsonNode byShop = panel(r, "by_shop");
        assertEquals("[\"shop\",\"gmv\"]", byShop.get("columns").toString());
        assertEquals("[[\"" + Backend.TMALL_SHOP + "\",\"150.00\"],[\"jd-store\",\"30.00\"]]", byShop.get("rows").toString());
        assertEquals(Backend.today().minusDays(30).toString(), panel(r, "gmv_trend").get("range_from").asText());

        Http.Response tmallOnly = http.post("/api/template/v1/templates/" + id + "/render", ADMIN_A,
                "{\"variables\":{\"range\":\"yesterday\",\"platform\":\"tmall\"}}");
        assertEquals(150.0, panel(tmallOnly.json(), "kpis").get("kpi").get("value").asDouble(), 1e-9);
    }

    @Test
    void xlsxReadsBackWithTheNumbersAsNumericCells() throws Exception {
        String id = starter(ADMIN_A, "daily_sales");
        HttpResponse<byte[]> xlsx = Backend.download(uri, "/api/template/v1/templates/" + id + "/export/xlsx?range=yesterday", ADMIN_A);
        assertThat(new String(xlsx.body(), StandardCharsets.UTF_8), xlsx.statusCode(), is(200));
        assertThat(xlsx.headers().firstValue("Content-Disposition").orElseThrow(), containsString(".xlsx"));
        assertEquals("false", xlsx.headers().firstValue("X-Bi-Partial").orElseThrow());
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            assertEquals("Report", book.getSheetAt(0).getSheetName());
            assertEquals("Daily sales report", book.getSheetAt(0).getRow(0).getCell(0).getStringCellValue());
            assertEquals("OK", book.getSheetAt(0).getRow(4).getCell(2).getStringCellValue());
            Sheet byShop = book.getSheet("GMV by shop");
            assertEquals("shop", byShop.getRow(0).getCell(0).getStringCellValue());
            assertEquals(Backend.TMALL_SHOP, byShop.getRow(1).getCell(0).getStringCellValue());
            assertEquals(150.0, byShop.getRow(1).getCell(1).getNumericCellValue(), 1e-9);
            assertEquals(30.0, byShop.getRow(2).getCell(1).getNumericCellValue(), 1e-9);
            Sheet kpis = book.getSheet("Sales vs previous period");
            assertEquals(3.0, kpis.getRow(2).getCell(1).getNumericCellValue(), 1e-9); // orders yesterday
            assertEquals(5, book.getNumberOfSheets());
        }
    }

    @Test
    void csvCarriesEveryPanelInUtf8() {
        String id = starter(ADMIN_A, "daily_sales");
        Http.Response csv = http.get("/api/template/v1/templates/" + id + "/export/csv?range=yesterday", ADMIN_A);
        assertThat(csv.status(), is(200));
        assertThat(csv.contentType(), startsWith("text/csv"));
        assertTrue(csv.body().startsWith("\uFEFFDaily sales report,"), csv.body());
        assertThat(csv.body(), containsString("GMV by shop,OK,\r\nshop,gmv\r\n" + Backend.TMALL_SHOP + ",150.00\r\njd-store,30.00\r\n"));
    }

    @Test
    void pngChartsDecodeAtTheConfiguredSizeWithACjkFont() throws Exception {
        String id = starter(ADMIN_A, "daily_sales");
        for (String panel : new String[] {"by_shop", "gmv_trend", "kpis"}) {
            HttpResponse<byte[]> png = Backend.download(uri, "/api/template/v1/templates/" + id + "/panels/" + panel + "/png?range=yesterday",
                    ADMIN_A);
            assertThat(panel, png.statusCode(), is(200));
            assertEquals("image/png", png.headers().firstValue("Content-Type").orElseThrow());
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
            assertEquals(800, image.getWidth(), panel);
            assertEquals(450, image.getHeight(), panel);
        }
        Http.Response table = http.get("/api/template/v1/templates/" + id + "/panels/top_skus/png", ADMIN_A);
        assertThat(table.status(), is(422));
        com.bi.template.export.ChartRenderer charts = new com.bi.template.export.ChartRenderer(
                TemplateOptions.from(SERVICE.platform().settings()).chartFonts(), 800, 450);
        assertTrue(charts.showsCjk(), "no CJK font among the configured ones is installed (Debian: fonts-wqy-microhei)");
    }

    @Test
    void anotherTenantSeesNeitherTheTemplatesNorTheOrders() {
        String idA = starter(ADMIN_A, "daily_sales");
        assertThat(http.get("/api/template/v1/templates/" + idA, ADMIN_B).status(), is(404));
        assertThat(http.post("/api/template/v1/templates/" + idA + "/render", ADMIN_B, "{}").status(), is(404));
        assertThat(http.get("/api/template/v1/templates/" + idA + "/export/csv", ADMIN_B).status(), is(404));
        assertThat(http.delete("/api/template/v1/templates/" + idA, ADMIN_B, null).status(), is(404));
        String idB = starter(ADMIN_B, "daily_sales");
        assertThat(idB, not(idA));
        JsonNode r = http.post("/api/template/v1/templates/" + idB + "/render", ADMIN_B, "{}").json();
        assertEquals("[[\"b-shop\",\"999.00\"]]", panel(r, "by_shop").get("rows").toString());
        for (JsonNode t : http.get("/api/template/v1/templates", ADMIN_B).json().get("templates")) {
            assertThat(t.get("id").asText(), not(idA));
        }
    }

    @Test
    void ownTemplatesAreValidatedAndSharedByRole() {
        String analyst = "Bearer " + TestTokens.ISSUER.token("tpl-a", "ann", java.util.List.of("ANALYST"), java.time.Duration.ofMinutes(10));
        String viewer = bearer("tpl-a", "VIEWER");
        String body = """
                {"name":"店铺日报","kind":"DASHBOARD","variables":[{"name":"range","type":"RANGE","default_value":"yesterday"}],
                 "panels":[{"id":"units","title":"Units by SKU","kind":"BAR","query":{"metrics":["units"],"dimensions":["sku"],
                   "order_by":[{"field":"units","direction":"desc"}]}}]}""";
        Http.Response created = http.post("/api/template/v1/templates", analyst, body);
        assertThat(created.toString(), created.status(), is(201));
        String id = created.json().get("id").asText();
        assertEquals("/api/template/v1/templates/" + id, created.header("Location"));
        assertThat(http.get("/api/template/v1/templates/" + id, viewer).status(), is(404));
        Http.Response shared = http.put("/api/template/v1/templates/" + id + "/sharing", analyst,
                "{\"view_roles\":[\"VIEWER\"],\"version\":1}", null);
        assertThat(shared.toString(), shared.status(), is(200));
        JsonNode r = http.post("/api/template/v1/templates/" + id + "/render", viewer, "{}").json();
        assertEquals("[[\"SKU-1\",\"3\"],[\"SKU-2\",\"1\"]]", panel(r, "units").get("rows").toString());
        assertThat(http.put("/api/template/v1/templates/" + id, viewer, body.replace("}]}", "}],\"version\":2}"), null).status(), is(403));
        Http.Response stale = http.put("/api/template/v1/templates/" + id, analyst, body.replace("\"panels\"", "\"version\":1,\"panels\""), null);
        assertThat(stale.toString(), stale.status(), is(409));
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        String unknownMetric = """
                {"name":"x","kind":"REPORT","variables":[{"name":"range","type":"RANGE","default_value":"yesterday"}],
                 "panels":[{"id":"p1","title":"t","kind":"TABLE","query":{"metrics":["gmv","profit"],"dimensions":["shop"]}}]}""";
        Http.Response metric = http.post("/api/template/v1/templates", ADMIN_A, unknownMetric);
        assertThat(metric.status(), is(422));
        assertThat(metric.contentType(), startsWith("application/problem+json"));
        assertEquals("panels[0].query.metrics[1]", metric.json().get("field").asText());
        assertThat(metric.json().get("detail").asText(), containsString("panel 'p1'"));
        Http.Response variable = http.post("/api/template/v1/templates", ADMIN_A, unknownMetric.replace("\"gmv\",\"profit\"", "\"gmv\"")
                .replace("\"dimensions\":[\"shop\"]", "\"dimensions\":[\"shop\"],\"filters\":[{\"field\":\"shop\",\"values\":[\"${shops}\"]}]"));
        assertThat(variable.status(), is(422));
        assertEquals("panels[0].query.filters[0].values[0]", variable.json().get("field").asText());
        Http.Response unknownField = http.post("/api/template/v1/templates", ADMIN_A, "{\"name\":\"x\",\"colour\":\"red\"}");
        assertThat(unknownField.status(), is(400));
        assertEquals("colour", unknownField.json().get("field").asText());

        String id = starter(ADMIN_A, "daily_sales");
        Http.Response range = http.post("/api/template/v1/templates/" + id + "/render", ADMIN_A, "{\"variables\":{\"range\":\"soon\"}}");
        assertThat(range.status(), is(400));
        assertEquals("variables.range", range.json().get("field").asText());
        Http.Response unknownVariable = http.get("/api/template/v1/templates/" + id + "/export/csv?region=east", ADMIN_A);
        assertThat(unknownVariable.status(), is(400));
        assertEquals("variables.region", unknownVariable.json().get("field").asText());
        Http.Response viewerWrites = http.post("/api/template/v1/templates", bearer("tpl-a", "VIEWER"), unknownMetric);
        assertThat(viewerWrites.status(), is(403));
    }

    @Test
    void aQueryParameterWithoutAValueIsAProblemNamingIt() {
        // hostile input: "?range=yesterday&page" (a name, no value) was a NoSuchElementException, 500, on every export
        String id = starter(ADMIN_A, "daily_sales");
        for (String export : java.util.List.of("export/csv", "export/xlsx", "panels/kpis/png")) {
            Http.Response bare = http.get("/api/template/v1/templates/" + id + "/" + export + "?range=yesterday&page", ADMIN_A);
            assertThat(export + ": " + bare, bare.status(), is(400));
            assertThat(bare.contentType(), startsWith("application/problem+json"));
            assertEquals("variables.page", bare.json().get("field").asText());
        }
    }

    private static com.bi.proto.template.v1.TemplateServiceGrpc.TemplateServiceBlockingStub grpc(io.grpc.ManagedChannel channel,
                                                                                            String tenant, String... roles) {
        io.grpc.Metadata headers = new io.grpc.Metadata();
        headers.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + TestTokens.ISSUER.token(tenant, "cron", java.util.List.of(roles), java.time.Duration.ofMinutes(10)));
        return com.bi.proto.template.v1.TemplateServiceGrpc.newBlockingStub(channel)
                .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static io.grpc.Status.Code code(Runnable call) {
        return org.junit.jupiter.api.Assertions.assertThrows(io.grpc.StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    @Test
    void grpcInstallsListsRendersWithAttachmentsAndListsScheduledReports() throws Exception {
        io.grpc.ManagedChannel channel = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder
                .forAddress("127.0.0.1", SERVICE.grpcPort()).usePlaintext().build();
        try {
            var service = grpc(channel, "tpl-a", "SERVICE");
            var installed = service.installStarters(com.bi.proto.template.v1.InstallStartersRequest.getDefaultInstance());
            assertEquals(3, installed.getTemplatesCount());
            assertEquals(0, service.installStarters(com.bi.proto.template.v1.InstallStartersRequest.getDefaultInstance()).getInstalled());
            String daily = installed.getTemplatesList().stream().filter(t -> t.getStarterKey().equals("daily_sales")).findFirst()
                    .orElseThrow().getId();
            assertTrue(service.listTemplates(com.bi.proto.template.v1.ListTemplatesRequest.newBuilder().setKind("REPORT").build())
                    .getTemplatesList().stream().anyMatch(t -> t.getId().equals(daily) && t.getBuiltIn()));
            assertEquals(4, service.getTemplate(com.bi.proto.template.v1.GetTemplateRequest.newBuilder().setId(daily).build()).getPanelsCount());

            var rendered = service.render(com.bi.proto.template.v1.RenderRequest.newBuilder().setTemplateId(daily)
                    .putVariables("range", "yesterday").addFormats("PNG").addFormats("XLSX").addFormats("CSV").build());
            assertEquals(Backend.today().minusDays(1).toString(), rendered.getRangeFrom());
            assertTrue(!rendered.getPartial());
            var kpis = rendered.getPanels(0);
            assertEquals("kpis", kpis.getPanelId());
            assertEquals(180.0, kpis.getKpi().getValue(), 1e-9);
            assertEquals(200.0, kpis.getKpi().getChangePct(), 1e-9);
            BufferedImage chart = ImageIO.read(new ByteArrayInputStream(rendered.getPanels(2).getPng().toByteArray()));
            assertEquals(800, chart.getWidth());
            assertTrue(rendered.getPanels(3).getPng().isEmpty(), "a TABLE has no chart");
            try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(rendered.getXlsx().toByteArray()))) {
                assertEquals(150.0, book.getSheet("GMV by shop").getRow(1).getCell(1).getNumericCellValue(), 1e-9);
            }
            assertThat(rendered.getCsv().toStringUtf8(), containsString(Backend.TMALL_SHOP + ",150.00"));

            String scheduled = """
                    {"name":"每日简报","kind":"REPORT","variables":[{"name":"range","type":"RANGE","default_value":"yesterday"}],
                     "panels":[{"id":"gmv","title":"GMV","kind":"KPI","query":{"metrics":["gmv"],"compare":"previous_period"}}],
                     "schedule":{"frequency":"DAILY","channel_ids":["ding-1","mail-1"],"variables":{"range":"yesterday"},"formats":["PNG","XLSX"]}}""";
            String id = http.post("/api/template/v1/templates", ADMIN_A, scheduled).json().get("id").asText();
            var reports = service.listScheduled(com.bi.proto.template.v1.ListScheduledRequest.newBuilder().setSchedule("DAILY").build());
            var report = reports.getReportsList().stream().filter(r -> r.getTemplateId().equals(id)).findFirst().orElseThrow();
            assertEquals(java.util.List.of("ding-1", "mail-1"), report.getChannelIdsList());
            assertEquals("yesterday", report.getVariablesMap().get("range"));
            assertEquals(java.util.List.of("PNG", "XLSX"), report.getFormatsList());
            assertTrue(grpc(channel, "tpl-b", "SERVICE").listScheduled(com.bi.proto.template.v1.ListScheduledRequest.newBuilder()
                    .setSchedule("DAILY").build()).getReportsList().isEmpty(), "another tenant's schedules are not listed");

            assertEquals(io.grpc.Status.Code.NOT_FOUND, code(() -> grpc(channel, "tpl-b", "SERVICE").getTemplate(
                    com.bi.proto.template.v1.GetTemplateRequest.newBuilder().setId(daily).build())));
            assertEquals(io.grpc.Status.Code.PERMISSION_DENIED, code(() -> grpc(channel, "tpl-a", "VIEWER").installStarters(
                    com.bi.proto.template.v1.InstallStartersRequest.getDefaultInstance())));
            assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, code(() -> service.render(com.bi.proto.template.v1.RenderRequest.newBuilder()
                    .setTemplateId(daily).addFormats("PDF").build())));
            assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, code(() -> service.render(com.bi.proto.template.v1.RenderRequest.newBuilder()
                    .setTemplateId(daily).putVariables("range", "soon").build())));
        } finally {
            channel.shutdownNow();
        }
    }
}
