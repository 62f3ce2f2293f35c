package com.bi.analysis;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.bi.analysis.data.JdbcMetricQueries;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.analysis.domain.MetricQuery;
import com.bi.analysis.domain.QueryResult;
import com.bi.orders.OrderEvent;
import com.bi.orders.OrderLine;
import com.bi.orders.demo.DemoData;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The incremental rollups stay exact under replays, duplicates, out-of-order updates, concurrent writers, orders
 * moving between shops, SKUs and days, and zone changes: after
 * ingesting demo orders (each final state plus an earlier state, shuffled, from four threads, every batch twice)
 * the rollups equal the facts, equal a rebuild, and equal what the generator says.
 */
class RollupConsistencyTest {

    RollupConsistencyTest(WebServer server) {
    }

    @RegisterExtension
    static final ServiceUnderTest SERVICE = AnalysisTestServer.service(Map.of());

    private static com.bi.analysis.domain.Analysis analysis() {
        return SERVICE.app(com.bi.analysis.domain.Analysis.class);
    }


    private static MetricQuery q(String metrics, String dimensions, String from, String to) {
        return MetricQuery.of(new MetricQuery.Input(List.of(metrics.split(",")), dimensions.isEmpty() ? List.of() : List.of(dimensions.split(",")),
                from, to, List.of(), null, List.of(), MetricQuery.MAX_LIMIT, true));
    }

    @Test
    void rollupsMatchFactsAfterChaoticIngest() throws Exception {
        String tenant = "t-consistency";
        DemoData demo = new DemoData(7, tenant, "DEMO");
        List<OrderEvent> finals = demo.orders(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 30), 12_000).toList();
        List<OrderEvent> all = new ArrayList<>();
        for (OrderEvent order : finals) {
            all.add(order);
            all.add(DemoData.earlierState(order));
        }
        Collections.shuffle(all, new Random(42));
        List<List<OrderEvent>> batches = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 700) {
            List<OrderEvent> batch = all.subList(i, Math.min(all.size(), i + 700));
            batches.add(batch);
            batches.add(batch); // every batch twice: replays are harmless
        }
        Collections.shuffle(batches, new Random(7));
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = new ArrayList<>();
            for (List<OrderEvent> batch : batches) {
                done.add(pool.submit(() -> analysis().store().ingest(tenant, batch)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }

        // what the generator says (final states only; days in Shanghai)
        BigDecimal gmv = BigDecimal.ZERO;
        long orders = 0;
        long units = 0;
        BigDecimal refund = BigDecimal.ZERO;
        Map<String, BigDecimal> skuGmv = new HashMap<>();
        for (OrderEvent o : finals) {
            LocalDate day = o.payTime() == null ? null : o.payTime().atZone(DemoData.SHANGHAI).toLocalDate();
            if (o.counted() && !day.isBefore(LocalDate.of(2024, 6, 1)) && !day.isAfter(LocalDate.of(2024, 6, 30))) {
                gmv = gmv.add(o.payAmount());
                orders++;
                refund = refund.add(o.refundAmount());
                for (OrderLine l : o.items()) {
                    units += l.quantity();
                    skuGmv.merge(l.sku(), l.amount(), BigDecimal::add);
                }
            }
        }
        JdbcMetricQueries engine = (JdbcMetricQueries) analysis().metrics();
        MetricQuery totals = q("gmv,orders,units,refund_amount", "", "2024-06-01", "2024-06-30");
        Map<String, Number> fromRollups = engine.select(tenant, totals, JdbcMetricQueries.Source.ROLLUP_SHOP_DAY).getFirst().metrics();
        Map<String, Number> fromFacts = engine.select(tenant, totals, JdbcMetricQueries.Source.FACTS).getFirst().metrics();
        assertThat(fromRollups, is(fromFacts));
        assertThat(fromRollups.get("gmv"), is(gmv.setScale(2)));
        assertThat(fromRollups.get("orders"), is(orders));
        assertThat(fromRollups.get("units"), is(units));
        assertThat(fromRollups.get("refund_amount"), is(refund.setScale(2)));

        MetricQuery bySkuDay = q("gmv,orders,units,refund_amount", "day,shop,sku", "2024-06-01", "2024-06-30");
        List<QueryResult.Row> skuRollup = engine.select(tenant, bySkuDay, JdbcMetricQueries.Source.ROLLUP_SKU_DAY);
        List<QueryResult.Row> skuFacts = engine.select(tenant, bySkuDay, JdbcMetricQueries.Source.FACT_ITEMS);
        assertThat(skuRollup.size(), is(skuFacts.size()));
        assertThat(skuRollup, is(skuFacts));
        MetricQuery bySku = q("gmv", "sku", "2024-06-01", "2024-06-30");
        for (QueryResult.Row row : engine.select(tenant, bySku, JdbcMetricQueries.Source.ROLLUP_SKU_DAY)) {
            assertThat(row.metrics().get("gmv"), is(skuGmv.get(row.dimensions().get("sku")).setScale(2)));
        }

        // the tenant-level SKU rollup is the per-shop one summed over shops, exactly
        MetricQuery bySkuDayAllShops = q("gmv,orders,units,refund_amount", "day,sku", "2024-06-01", "2024-06-30");
        List<QueryResult.Row> tenantSku = engine.select(tenant, bySkuDayAllShops, JdbcMetricQueries.Source.ROLLUP_TENANT_SKU_DAY);
        assertThat(tenantSku, is(engine.select(tenant, bySkuDayAllShops, JdbcMetricQueries.Source.ROLLUP_SKU_DAY)));
        assertThat(tenantSku.isEmpty(), is(false));
        for (QueryResult.Row row : engine.select(tenant, bySku, JdbcMetricQueries.Source.ROLLUP_TENANT_SKU_DAY)) {
            assertThat(row.metrics().get("gmv"), is(skuGmv.get(row.dimensions().get("sku")).setScale(2)));
        }

        MetricQuery byDayShop = q("gmv,orders,units,refund_amount", "day,shop", "2024-06-01", "2024-06-30");
        List<QueryResult.Row> before = engine.select(tenant, byDayShop, JdbcMetricQueries.Source.ROLLUP_SHOP_DAY);
        analysis().store().rebuild(tenant);
        assertThat(engine.select(tenant, byDayShop, JdbcMetricQueries.Source.ROLLUP_SHOP_DAY), is(before));
        assertThat(engine.select(tenant, bySkuDay, JdbcMetricQueries.Source.ROLLUP_SKU_DAY), is(skuRollup));
        assertThat(engine.select(tenant, bySkuDayAllShops, JdbcMetricQueries.Source.ROLLUP_TENANT_SKU_DAY), is(tenantSku));
    }

    /** The same order, moved: another shop (and its platform), the lines of another order (other SKUs), paid hours later. */
    private static OrderEvent moved(OrderEvent o, OrderEvent shopOf, OrderEvent linesOf, Random random, long version) {
        Instant paid = o.payTime() == null ? null : o.payTime().plus(Duration.ofMinutes(60 + random.nextInt(60 * 40)));
        List<OrderLine> lines = linesOf.items();
        BigDecimal amount = lines.stream().map(OrderLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        String status = o.payTime() == null ? o.status() : random.nextInt(10) == 0 ? "CANCELLED" : "PAID";
        return new OrderEvent(o.tenantId(), o.source(), o.externalOrderId(), shopOf.shopId(), shopOf.platform(), o.orderTime(),
                paid, status, o.buyerHash(), amount, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                o.modifiedTime().plus(Duration.ofHours(1)), version, lines);
    }

    private static void ingestConcurrently(String tenant, List<OrderEvent> events) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < events.size(); i += 300) {
                List<OrderEvent> batch = events.subList(i, Math.min(events.size(), i + 300));
                done.add(pool.submit(() -> analysis().store().ingest(tenant, batch)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    private static void awaitJobs(String tenant) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (SERVICE.platform().jdbc().count("SELECT count(*) FROM rollup_job WHERE tenant_id = ? AND status IN ('PENDING', 'RUNNING')", tenant) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("rollup jobs still pending");
            }
            Thread.sleep(50);
        }
    }

    /**
     * Issue 12 #21: orders move between shops (and platforms), SKUs and days — concurrently, with replays of older
     * states — and the tenant's zone changes twice, once while moves are still arriving and its rebuild is queued:
     * every rollup still equals the facts, every pay day is in the final zone, and a rebuild changes nothing.
     */
    @Test
    void rollupsFollowOrdersMovingBetweenShopsSkusAndDaysAcrossZoneChanges() throws Exception {
        String tenant = "t-moves";
        DemoData demo = new DemoData(13, tenant, "DEMO");
        List<OrderEvent> base = demo.orders(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 30), 4000).toList();
        ingestConcurrently(tenant, base);
        Random random = new Random(21);
        List<OrderEvent> wave1 = new ArrayList<>();
        List<OrderEvent> wave2 = new ArrayList<>();
        for (OrderEvent o : base) {
            OrderEvent first = moved(o, base.get(random.nextInt(base.size())), base.get(random.nextInt(base.size())), random, o.version() + 1);
            wave1.add(first);
            wave2.add(moved(first, base.get(random.nextInt(base.size())), base.get(random.nextInt(base.size())), random, o.version() + 2));
        }
        long movedShop = 0;
        long movedDay = 0;
        for (int i = 0; i < base.size(); i++) {
            movedShop += wave1.get(i).shopId().equals(base.get(i).shopId()) ? 0 : 1;
            movedDay += base.get(i).payTime() != null && !base.get(i).payTime().atZone(DemoData.SHANGHAI).toLocalDate()
                    .equals(wave1.get(i).payTime().atZone(DemoData.SHANGHAI).toLocalDate()) ? 1 : 0;
        }
        assertThat("orders really change shop", movedShop > base.size() / 2, is(true));
        assertThat("orders really change day", movedDay > base.size() / 2, is(true));

        List<OrderEvent> first = new ArrayList<>(wave1);
        first.addAll(base.subList(0, 1000)); // replays of older states: ignored
        Collections.shuffle(first, new Random(5));
        ingestConcurrently(tenant, first);
        analysis().setZone(tenant, java.time.ZoneId.of("America/Los_Angeles"));
        // the second wave arrives while the rebuild for the new zone may still be queued or running
        List<OrderEvent> second = new ArrayList<>(wave2);
        second.addAll(wave1.subList(0, 1000));
        Collections.shuffle(second, new Random(6));
        Thread zoneAgain = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            analysis().setZone(tenant, java.time.ZoneId.of("Asia/Kolkata"));
        });
        ingestConcurrently(tenant, second);
        zoneAgain.join();
        awaitJobs(tenant);

        assertThat("pay days outside the final zone", SERVICE.platform().jdbc().count("""
                SELECT count(*) FROM order_fact WHERE tenant_id = ? AND counted AND pay_day <> (pay_time AT TIME ZONE 'Asia/Kolkata')::date""",
                tenant), is(0L));
        JdbcMetricQueries engine = (JdbcMetricQueries) analysis().metrics();
        String from = "2024-05-25";
        String to = "2024-07-10";
        MetricQuery byDayShop = q("gmv,orders,units,refund_amount", "day,shop", from, to);
        List<QueryResult.Row> shopRollup = engine.select(tenant, byDayShop, JdbcMetricQueries.Source.ROLLUP_SHOP_DAY);
        assertThat(shopRollup, is(engine.select(tenant, byDayShop, JdbcMetricQueries.Source.FACTS)));
        MetricQuery byPlatform = q("gmv,orders", "platform", from, to);
        assertThat(engine.select(tenant, byPlatform, JdbcMetricQueries.Source.ROLLUP_SHOP_DAY),
                is(engine.select(tenant, byPlatform, JdbcMetricQueries.Source.FACTS)));
        MetricQuery bySkuDay = q("gmv,orders,units,refund_amount", "day,shop,sku", from, to);
        List<QueryResult.Row> skuRollup = engine.select(tenant, bySkuDay, JdbcMetricQueries.Source.ROLLUP_SKU_DAY);
        assertThat(skuRollup, is(engine.select(tenant, bySkuDay, JdbcMetricQueries.Source.FACT_ITEMS)));
        MetricQuery bySkuDayAllShops = q("gmv,orders,units,refund_amount", "day,sku", from, to);
        List<QueryResult.Row> tenantSku = engine.select(tenant, bySkuDayAllShops, JdbcMetricQueries.Source.ROLLUP_TENANT_SKU_DAY);
        assertThat(tenantSku, is(engine.select(tenant, bySkuDayAllShops, JdbcMetricQueries.Source.FACT_ITEMS)));

        // what the generator's final states say, in the final zone
        BigDecimal gmv = BigDecimal.ZERO;
        long orders = 0;
        for (OrderEvent o : wave2) {
            if (o.counted()) {
                gmv = gmv.add(o.payAmount());
                orders++;
            }
        }
        Map<String, Number> totals = engine.select(tenant, q("gmv,orders", "", from, to), JdbcMetricQueries.Source.ROLLUP_SHOP_DAY).getFirst().metrics();
        assertThat(totals.get("gmv"), is(gmv.setScale(2)));
        assertThat(totals.get("orders"), is(orders));

        analysis().store().rebuild(tenant);
        assertThat(engine.select(tenant, byDayShop, JdbcMetricQueries.Source.ROLLUP_SHOP_DAY), is(shopRollup));
        assertThat(engine.select(tenant, bySkuDay, JdbcMetricQueries.Source.ROLLUP_SKU_DAY), is(skuRollup));
        assertThat(engine.select(tenant, bySkuDayAllShops, JdbcMetricQueries.Source.ROLLUP_TENANT_SKU_DAY), is(tenantSku));
    }
}
