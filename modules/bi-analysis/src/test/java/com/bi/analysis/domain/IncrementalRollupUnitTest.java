package com.bi.analysis.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.bi.analysis.domain.rollup.Measures;
import com.bi.analysis.domain.rollup.RollupDeltas;
import com.bi.orders.OrderEvent;
import com.bi.orders.OrderLine;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The rollups kept by adding each ingest's deltas equal the rollups recomputed from the final facts, whatever the
 * history: random states of 300 orders (moving between shops, SKUs and days, refunded later, cancelled, unpaid),
 * shuffled, duplicated within batches, replayed, with equal modified times, and a zone change in the middle.
 */
class IncrementalRollupUnitTest {
    private static final String TENANT = "t-random";
    private static final Instant T0 = Instant.parse("2024-06-01T00:00:00Z");

    @Test
    void incrementalRollupsEqualRecomputedOnesAfterARandomHistory() {
        for (long seed = 1; seed <= 8; seed++) {
            Random random = new Random(seed);
            InMemoryOrderStore store = new InMemoryOrderStore();
            List<OrderEvent> history = new ArrayList<>();
            for (int order = 0; order < 300; order++) {
                int states = 1 + random.nextInt(4);
                for (int s = 0; s < states; s++) {
                    history.add(state(random, "o" + order, s));
                }
            }
            Collections.shuffle(history, random);
            int half = history.size() / 2;
            ingestInBatches(store, history.subList(0, half), random);
            store.zone(TENANT, ZoneId.of("America/Los_Angeles")); // days move: later updates count on the new zone's day
            ingestInBatches(store, history.subList(half, history.size()), random);
            ingestInBatches(store, history, random); // a replay of everything changes nothing

            assertThat("seed " + seed, rows(store.shopRollup(TENANT)), is(rows(store.recomputed(TENANT).shopDays())));
            assertThat("seed " + seed, rows(store.skuRollup(TENANT)), is(rows(store.recomputed(TENANT).skuDays())));
            assertThat(store.shopRollup(TENANT).isEmpty(), is(false));

            Map<String, String> beforeRebuild = rows(store.shopRollup(TENANT));
            store.rebuild(TENANT); // every pay day in the new zone now
            RollupDeltas rebuilt = store.recomputed(TENANT);
            assertThat(rows(store.shopRollup(TENANT)), is(rows(rebuilt.shopDays())));
            assertThat("a zone change moved some days", rows(store.shopRollup(TENANT)), is(not(beforeRebuild)));
        }
    }

    private static void ingestInBatches(InMemoryOrderStore store, List<OrderEvent> events, Random random) {
        for (int i = 0; i < events.size(); ) {
            int size = 1 + random.nextInt(50);
            List<OrderEvent> batch = new ArrayList<>(events.subList(i, Math.min(events.size(), i + size)));
            if (!batch.isEmpty() && random.nextBoolean()) {
                batch.add(batch.get(random.nextInt(batch.size()))); // a duplicate within the batch
            }
            store.ingest(TENANT, batch);
            i += size;
        }
    }

    /** A random state of {@code id}; later states have later modified times, some equal (version decides). */
    private static OrderEvent state(Random random, String id, int n) {
        String status = switch (random.nextInt(6)) {
            case 0 -> "CREATED";
            case 1 -> "CANCELLED";
            case 2 -> "REFUNDED";
            default -> "PAID";
        };
        Instant pay = status.equals("CREATED") ? null : T0.plusSeconds(random.nextInt(5 * 86_400));
        List<OrderLine> lines = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal refund = BigDecimal.ZERO;
        for (int l = 0, count = 1 + random.nextInt(3); l < count; l++) {
            BigDecimal amount = BigDecimal.valueOf(random.nextInt(50_000), 2);
            BigDecimal lineRefund = status.equals("REFUNDED") ? amount.divide(BigDecimal.TWO, 2, RoundingMode.DOWN) : BigDecimal.ZERO;
            lines.add(new OrderLine("SKU-" + random.nextInt(4), "cat-" + random.nextInt(2), 1 + random.nextInt(3), amount, lineRefund));
            total = total.add(amount);
            refund = refund.add(lineRefund);
        }
        Instant modified = T0.plusSeconds(n / 2 * 60L); // states 0,1 and 2,3 share a modified time
        return new OrderEvent(TENANT, "JST", id, "shop-" + random.nextInt(3), "TMALL", T0, pay, status, "b-" + id, total,
                BigDecimal.ZERO, BigDecimal.ZERO, refund, modified, n, lines);
    }

    /** Rows by key with their measures at two decimals (labels aside: either order's label is fine). */
    private static <K> Map<String, String> rows(Map<K, Measures> rows) {
        Map<String, String> out = new TreeMap<>();
        rows.forEach((k, m) -> out.put(k.toString(), m.gmv().setScale(2, RoundingMode.UNNECESSARY) + "|" + m.orders() + "|"
                + m.units() + "|" + m.refund().setScale(2, RoundingMode.UNNECESSARY)));
        return out;
    }
}
