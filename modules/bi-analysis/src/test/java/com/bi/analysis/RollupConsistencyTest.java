package com.bi.analysis;

import java.math.BigDecimal;
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
import com.bi.analysis.domain.MetricQuery;
import com.bi.analysis.domain.QueryResult;
import com.bi.orders.OrderEvent;
import com.bi.orders.OrderLine;
import com.bi.orders.demo.DemoData;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The incremental rollups stay exact under replays, duplicates, out-of-order updates and concurrent writers: after
 * ingesting demo orders (each final state plus an earlier state, shuffled, from four threads, every batch twice)
 * the rollups equal the facts, equal a rebuild, and equal what the generator says.
 */
@ServerTest
class RollupConsistencyTest {
    private static AnalysisTestServer.Started started;
    private static com.bi.analysis.domain.Analysis analysis;

    RollupConsistencyTest(WebServer server) {
        started.kit().attach(server);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        started = AnalysisTestServer.configure(server, Map.of());
        analysis = started.analysis();
    }

    @AfterAll
    static void stop() {
        started.kit().close();
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
                done.add(pool.submit(() -> analysis.store().ingest(tenant, batch)));
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
        JdbcMetricQueries engine = (JdbcMetricQueries) analysis.metrics();
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
        analysis.store().rebuild(tenant);
        assertThat(engine.select(tenant, byDayShop, JdbcMetricQueries.Source.ROLLUP_SHOP_DAY), is(before));
        assertThat(engine.select(tenant, bySkuDay, JdbcMetricQueries.Source.ROLLUP_SKU_DAY), is(skuRollup));
        assertThat(engine.select(tenant, bySkuDayAllShops, JdbcMetricQueries.Source.ROLLUP_TENANT_SKU_DAY), is(tenantSku));
    }
}
