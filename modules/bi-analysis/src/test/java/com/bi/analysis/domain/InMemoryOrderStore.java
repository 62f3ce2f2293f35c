package com.bi.analysis.domain;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import com.bi.analysis.domain.rollup.Contribution;
import com.bi.analysis.domain.rollup.IngestPlan;
import com.bi.analysis.domain.rollup.LastModifiedWins;
import com.bi.analysis.domain.rollup.Measures;
import com.bi.analysis.domain.rollup.OrderBatch;
import com.bi.analysis.domain.rollup.OrderKey;
import com.bi.analysis.domain.rollup.RollupDeltas;
import com.bi.analysis.domain.rollup.ShopDay;
import com.bi.analysis.domain.rollup.SkuDay;
import com.bi.analysis.domain.rollup.StoredOrder;
import com.bi.orders.OrderEvent;

/**
 * {@link OrderStore} in memory, for unit tests of the use cases and the rollup rules: it persists what the domain
 * decides exactly as {@code JdbcOrderStore} does (facts replaced, rollup rows += deltas, zero rows kept), and
 * {@link #recomputed} derives the rollups from the facts the way a rebuild does, so a test can hold the two equal.
 */
public final class InMemoryOrderStore implements OrderStore {
    private final Map<String, ZoneId> zones = new HashMap<>();
    private final Map<String, Map<OrderKey, OrderEvent>> facts = new HashMap<>();
    private final Map<String, Map<OrderKey, StoredOrder>> stored = new HashMap<>();
    private final Map<String, SortedMap<ShopDay, Measures>> shopRollup = new HashMap<>();
    private final Map<String, SortedMap<SkuDay, Measures>> skuRollup = new HashMap<>();
    private final List<Reject> rejects = new ArrayList<>();

    public void zone(String tenant, ZoneId zone) {
        zones.put(tenant, zone);
    }

    public ZoneId zone(String tenant) {
        return zones.getOrDefault(tenant, ZoneId.of("Asia/Shanghai"));
    }

    @Override
    public synchronized IngestResult ingest(Map<String, List<OrderEvent>> byTenant, List<Reject> rejected) {
        IngestResult total = new IngestResult(0, 0);
        for (String tenant : new TreeSet<>(byTenant.keySet())) {
            List<OrderEvent> events = byTenant.get(tenant);
            if (events.isEmpty()) {
                continue;
            }
            ZoneId zone = zone(tenant);
            OrderBatch batch = OrderBatch.of(tenant, events);
            Map<OrderKey, StoredOrder> tenantStored = stored.computeIfAbsent(tenant, t -> new HashMap<>());
            IngestPlan plan = batch.against(Map.copyOf(tenantStored), zone);
            for (OrderEvent event : plan.apply()) {
                OrderKey key = OrderKey.of(event);
                facts.computeIfAbsent(tenant, t -> new HashMap<>()).put(key, event);
                tenantStored.put(key, storedState(event, zone));
            }
            plan.shopDeltas().forEach((row, delta) -> shopRollup.computeIfAbsent(tenant, t -> new TreeMap<>()).merge(row, delta, Measures::plus));
            plan.skuDeltas().forEach((row, delta) -> skuRollup.computeIfAbsent(tenant, t -> new TreeMap<>()).merge(row, delta, Measures::plus));
            total = total.plus(plan.result());
        }
        rejects.addAll(rejected);
        return total;
    }

    private static StoredOrder storedState(OrderEvent e, ZoneId zone) {
        return new StoredOrder(e.shopId(), e.platform(), e.counted(), Contribution.payDay(e, zone), e.payAmount(),
                e.refundAmount(), Contribution.units(e.items()), LastModifiedWins.stored(e.modifiedTime()), e.version(), e.items());
    }

    /** Recomputes pay days in the tenant's zone now and the rollups from the facts (the rebuild's rule). */
    @Override
    public synchronized void rebuild(String tenant) {
        ZoneId zone = zone(tenant);
        Map<OrderKey, StoredOrder> tenantStored = stored.computeIfAbsent(tenant, t -> new HashMap<>());
        facts.getOrDefault(tenant, Map.of()).forEach((key, event) -> tenantStored.put(key, storedState(event, zone)));
        RollupDeltas fresh = recomputed(tenant);
        shopRollup.put(tenant, new TreeMap<>(fresh.shopDays()));
        skuRollup.put(tenant, new TreeMap<>(fresh.skuDays()));
    }

    /** The rollups as a rebuild computes them from the stored facts. */
    public synchronized RollupDeltas recomputed(String tenant) {
        RollupDeltas rows = new RollupDeltas();
        stored.getOrDefault(tenant, Map.of()).values().forEach(s -> Contribution.of(s).ifPresent(rows::add));
        return rows;
    }

    /** The rollup rows as maintained incrementally, without rows that sum to nothing (as queries see them). */
    public synchronized SortedMap<ShopDay, Measures> shopRollup(String tenant) {
        return nonZero(shopRollup.getOrDefault(tenant, new TreeMap<>()));
    }

    public synchronized SortedMap<SkuDay, Measures> skuRollup(String tenant) {
        return nonZero(skuRollup.getOrDefault(tenant, new TreeMap<>()));
    }

    private static <K> SortedMap<K, Measures> nonZero(SortedMap<K, Measures> rows) {
        SortedMap<K, Measures> out = new TreeMap<>();
        rows.forEach((k, m) -> {
            if (!m.isZero()) {
                out.put(k, m);
            }
        });
        return out;
    }

    @Override
    public synchronized Optional<OrderFact> order(String tenant, String source, String externalOrderId) {
        OrderKey key = new OrderKey(source, externalOrderId);
        OrderEvent e = facts.getOrDefault(tenant, Map.of()).get(key);
        if (e == null) {
            return Optional.empty();
        }
        StoredOrder s = stored.get(tenant).get(key);
        return Optional.of(new OrderFact(e.source(), e.externalOrderId(), e.shopId(), e.platform(), e.orderTime(), e.payTime(),
                e.status(), e.counted(), s.payDay(), e.payAmount(), e.freight(), e.discount(), e.refundAmount(), s.units(),
                s.modified(), e.version(), e.items()));
    }

    @Override
    public synchronized List<StoredReject> rejects(String tenant, int limit) {
        List<StoredReject> out = new ArrayList<>();
        for (int i = rejects.size() - 1; i >= 0 && out.size() < limit; i--) {
            Reject r = rejects.get(i);
            if (tenant.equals(r.tenantId())) {
                out.add(new StoredReject(i + 1, r.origin(), r.reason(), r.payload(), java.time.Instant.EPOCH));
            }
        }
        return out;
    }
}
