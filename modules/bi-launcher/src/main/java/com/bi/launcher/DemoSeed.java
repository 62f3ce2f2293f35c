package com.bi.launcher;

import java.math.RoundingMode;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Logger;

import com.bi.common.config.Settings;
import com.bi.common.peers.Peers;
import com.bi.common.security.ServiceTokens;
import com.bi.common.server.Catalog;
import com.bi.common.tracing.Tracing;
import com.bi.orders.OrderEvent;
import com.bi.orders.demo.DemoData;
import com.bi.orders.sink.GrpcOrderSink;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The demo on a fresh platform, made through the services' real APIs as an operator and a seller would: the tenant
 * at bi-tenant, its first admin at bi-sys, Taobao/Tmall/JD shops, categories and products with SKUs at bi-basic, and a
 * year of orders (the deterministic {@link DemoData}: weekday profile, evening peak, 6.18/11.11/12.12 peaks, refunds
 * and cancellations) through bi-analysis's gRPC {@code Ingest}, as a connector sends them. Every step is idempotent:
 * what exists (a 409, a shop or product already listed) is kept, and re-sent orders are ignored by Ingest, so running
 * it again changes no count.
 */
public final class DemoSeed {
    private static final Logger LOG = Logger.getLogger(DemoSeed.class.getName());
    public static final String TENANT = "demo";
    public static final String USER = "admin";
    /** The demo admin's password: fixed and documented so the README can say it; the demo is for a laptop only. */
    public static final String PASSWORD = "Demo-Console-2026";
    public static final String OPERATOR_TENANT = "platform";
    public static final String OPERATOR = "admin";
    /** The source the demo's shops and orders are filed under (bi-basic's shops of a seller's own entry). */
    static final String SOURCE = "MANUAL";
    private static final int SHOPS = 4;
    private static final int SKUS = 48;
    private static final int BATCH = 2000;
    private static final long SEED = 20261202L;
    private static final Map<String, String> SHOP_NAMES = Map.of(
            "tm-flagship", "天猫旗舰店 Tmall Flagship",
            "tb-outlet", "淘宝折扣店 Taobao Outlet",
            "tb-vintage", "淘宝古着店 Taobao Vintage",
            "jd-self", "京东自营店 JD Store");

    /** Targets are last month's sales of the shop raised by this much: a plan a seller could just miss. */
    private static final java.math.BigDecimal PLAN_STRETCH = new java.math.BigDecimal("1.15");

    /** What the seed found and made. */
    public record Report(boolean tenantCreated, boolean adminCreated, int shopsCreated, int categoriesCreated,
                         int productsCreated, long ordersSent, int plansCreated, int startersInstalled) {
    }

    private final Api api;
    private final String operatorPassword;
    private final Settings settings;
    private final long orders;
    private final LocalDate lastDay;

    /**
     * @param edge where the HTTP API answers
     * @param settings the JWT secret and bi-analysis's address (for Ingest)
     * @param orders how many orders over the year ending {@code lastDay}
     */
    public DemoSeed(URI edge, String operatorPassword, Settings settings, long orders, LocalDate lastDay) {
        this.api = new Api(edge);
        this.operatorPassword = operatorPassword;
        this.settings = settings;
        this.orders = orders;
        this.lastDay = lastDay;
    }

    public Report run(Consumer<String> progress) {
        String operator = api.login(OPERATOR_TENANT, OPERATOR, operatorPassword);
        boolean tenantCreated = api.post("/api/tenant/v1/admin/tenants", Map.of("code", TENANT, "name", "演示商贸 Demo Trading",
                "plan", "ENTERPRISE", "time_zone", "Asia/Shanghai"), operator).expect(201, 409).status() == 201;
        boolean adminCreated = api.post("/api/sys/v1/admin/tenants/" + TENANT + "/users", Map.of("username", USER,
                "password", PASSWORD, "roles", List.of("ADMIN"), "display_name", "Demo Admin"), operator)
                .expect(201, 409).status() == 201;
        String admin = api.login(TENANT, USER, PASSWORD);
        progress.accept("demo tenant '" + TENANT + "' and its admin ready");

        DemoData data = new DemoData(SEED, TENANT, SOURCE, SHOPS, SKUS, 8_000);
        int shopsCreated = shops(admin, data);
        Map<String, Long> categories = new HashMap<>();
        int categoriesCreated = categories(admin, data, categories);
        int productsCreated = products(admin, data, categories);
        progress.accept("demo shops, categories and products ready (" + shopsCreated + " shops, " + productsCreated
                + " products new)");
        long sent = orders(data);
        int plans = plans(admin);
        int starters = starters(admin);
        progress.accept("demo plans (" + plans + " new) and starter templates (" + starters + " new) ready");
        return new Report(tenantCreated, adminCreated, shopsCreated, categoriesCreated, productsCreated, sent, plans, starters);
    }

    /**
     * This month's plan of every Taobao/Tmall shop at bi-plan-taoxi: last month's GMV and orders (bi-analysis) times
     * {@link #PLAN_STRETCH}. A shop that has a plan for the month keeps it; none when bi-plan-taoxi does not run.
     */
    private int plans(String token) {
        LocalDate month = lastDay.withDayOfMonth(1);
        LocalDate previous = month.minusMonths(1);
        Api.Answer sales = api.post("/api/analysis/v1/query", Map.of("metrics", List.of("gmv", "orders"),
                "dimensions", List.of("shop"), "from", previous.toString(), "to", month.minusDays(1).toString()), token);
        if (!sales.ok()) {
            LOG.warning("no demo plans: bi-analysis answered " + sales.status());
            return 0;
        }
        Map<String, JsonNode> lastMonth = new HashMap<>();
        sales.body().get("rows").forEach(row -> lastMonth.put(row.get("shop").asText(), row));
        int created = 0;
        for (JsonNode shop : all("/api/basic/v1/shops", token)) {
            String platform = shop.get("platform").asText();
            JsonNode metrics = lastMonth.get(shop.get("external_id").asText());
            if (!(platform.equals("TAOBAO") || platform.equals("TMALL")) || metrics == null) {
                continue;
            }
            String path = "/api/plan/v1/plans/" + shop.get("id").asText() + "/" + month.toString().substring(0, 7);
            Api.Answer current = api.get(path, token);
            if (current.status() == 200) {
                continue;
            }
            if (current.status() != 404) {
                LOG.warning("no demo plans: bi-plan-taoxi answered " + current.status());
                return created;
            }
            java.math.BigDecimal gmv = metrics.get("gmv").decimalValue().multiply(PLAN_STRETCH).setScale(0, RoundingMode.HALF_UP);
            long orders = metrics.get("orders").decimalValue().multiply(PLAN_STRETCH).setScale(0, RoundingMode.HALF_UP).longValue();
            api.put(path, Map.of("target_gmv", gmv.toPlainString(), "target_orders", orders,
                    "note", "demo: last month + 15%"), token).expect(200, 201);
            created++;
        }
        return created;
    }

    /** bi-template's starter templates (daily sales report, shop comparison, SKU ranking) for the demo tenant. */
    private int starters(String token) {
        Api.Answer installed = api.post("/api/template/v1/starters/install", Map.of(), token);
        if (!installed.ok()) {
            LOG.warning("no demo templates: bi-template answered " + installed.status());
            return 0;
        }
        return installed.body().path("installed").asInt();
    }

    private int shops(String token, DemoData data) {
        Set<String> existing = new HashSet<>();
        for (JsonNode shop : all("/api/basic/v1/shops", token)) {
            existing.add(shop.get("source").asText() + "/" + shop.get("external_id").asText());
        }
        int created = 0;
        for (DemoData.Shop shop : data.shops()) {
            if (!existing.contains(SOURCE + "/" + shop.id())) {
                api.post("/api/basic/v1/shops", Map.of("name", SHOP_NAMES.getOrDefault(shop.id(), shop.id()),
                        "platform", shop.platform(), "source", SOURCE, "external_id", shop.id()), token).expect(201);
                created++;
            }
        }
        return created;
    }

    private int categories(String token, DemoData data, Map<String, Long> ids) {
        for (JsonNode category : all("/api/basic/v1/categories", token)) {
            ids.put(category.get("name").asText(), category.get("id").asLong());
        }
        int created = 0;
        for (DemoData.Sku sku : data.skus()) {
            if (!ids.containsKey(sku.category())) {
                JsonNode made = api.post("/api/basic/v1/categories", Map.of("name", sku.category()), token).expect(201).body();
                ids.put(sku.category(), made.get("id").asLong());
                created++;
            }
        }
        return created;
    }

    private int products(String token, DemoData data, Map<String, Long> categories) {
        Set<String> existing = new HashSet<>();
        for (JsonNode product : all("/api/basic/v1/products", token)) {
            existing.add(product.get("code").asText());
        }
        int created = 0;
        for (DemoData.Sku sku : data.skus()) {
            String code = "P-" + sku.code();
            if (existing.contains(code)) {
                continue;
            }
            String name = sku.name();
            Map<String, Object> draft = new LinkedHashMap<>();
            draft.put("code", code);
            draft.put("name", name);
            draft.put("category_id", categories.get(sku.category()));
            draft.put("skus", List.of(Map.of("code", sku.code(), "name", name, "price", sku.price().setScale(2, RoundingMode.HALF_UP))));
            api.post("/api/basic/v1/products", draft, token).expect(201);
            created++;
        }
        return created;
    }

    /** Every item of a paged list. */
    private List<JsonNode> all(String path, String token) {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode body = api.get(path + "?size=200&page=" + page, token).expect(200).body();
            body.get("items").forEach(items::add);
            if (body.get("items").size() < 200) {
                return items;
            }
        }
    }

    /** A year of orders through Ingest, in batches (Ingest ignores an order it already has at the same version). */
    private long orders(DemoData data) {
        long sent = 0;
        LocalDate firstDay = lastDay.minusDays(364);
        try (Tracing tracing = Tracing.create("bi-launcher", "dev", settings);
             Peers peers = new Peers(settings, () -> settings, tracing)) {
            GrpcOrderSink sink = new GrpcOrderSink(peers.channel(Catalog.BI_ANALYSIS, "bi.analysis.v1.AnalysisService"),
                    new ServiceTokens(settings, "bi-launcher"));
            List<OrderEvent> batch = new ArrayList<>(BATCH);
            for (Iterator<OrderEvent> it = data.orders(firstDay, lastDay, orders).iterator(); it.hasNext(); ) {
                batch.add(it.next());
                if (batch.size() == BATCH || !it.hasNext()) {
                    sink.publish(TENANT, batch);
                    sent += batch.size();
                    batch.clear();
                }
            }
        }
        LOG.info("demo orders sent to bi-analysis: " + sent + " (" + firstDay + " .. " + lastDay + ")");
        return sent;
    }
}
