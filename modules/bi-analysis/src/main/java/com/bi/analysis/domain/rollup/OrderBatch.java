package com.bi.analysis.domain.rollup;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.bi.orders.OrderEvent;

/**
 * One tenant's orders of one ingest, reduced to the newest state of each order (last-modified wins within the batch
 * too; the other copies count as ignored). {@link #against} then decides, from what is stored, which states are
 * applied and how the rollups change.
 */
public final class OrderBatch {
    private final Map<OrderKey, OrderEvent> newest;
    private final int duplicates;

    private OrderBatch(Map<OrderKey, OrderEvent> newest, int duplicates) {
        this.newest = newest;
        this.duplicates = duplicates;
    }

    /** @throws IllegalArgumentException when an order belongs to another tenant */
    public static OrderBatch of(String tenant, List<OrderEvent> events) {
        Map<OrderKey, OrderEvent> newest = new LinkedHashMap<>();
        int duplicates = 0;
        for (OrderEvent event : events) {
            if (!tenant.equals(event.tenantId())) {
                throw new IllegalArgumentException("an order of tenant " + event.tenantId() + " in a batch for " + tenant);
            }
            OrderKey key = OrderKey.of(event);
            OrderEvent current = newest.get(key);
            if (current == null) {
                newest.put(key, event);
            } else {
                duplicates++;
                if (LastModifiedWins.supersedes(event, current)) {
                    newest.put(key, event);
                }
            }
        }
        return new OrderBatch(newest, duplicates);
    }

    /** The orders whose stored state is needed, in first-seen order. */
    public Set<OrderKey> keys() {
        return Collections.unmodifiableSet(newest.keySet());
    }

    /** The newest state of each order, in first-seen order. */
    public List<OrderEvent> newest() {
        return List.copyOf(newest.values());
    }

    /** Copies superseded by (or equal to) another copy of the same order in this batch. */
    public int duplicates() {
        return duplicates;
    }

    /**
     * Decides the ingest: a state not newer than the stored one is ignored; a newer one replaces it (the stored
     * contribution leaves the rollups on the day and shop it was stored with); a new order is inserted. Every applied
     * counted state adds its contribution on its pay day in {@code zone}, the tenant's zone now.
     *
     * @param stored the stored state of (some of) {@link #keys()}; absent keys are new orders
     */
    public IngestPlan against(Map<OrderKey, StoredOrder> stored, ZoneId zone) {
        RollupDeltas deltas = new RollupDeltas();
        List<OrderEvent> apply = new ArrayList<>();
        List<OrderEvent> replace = new ArrayList<>();
        int ignored = duplicates;
        for (Map.Entry<OrderKey, OrderEvent> entry : newest.entrySet()) {
            OrderEvent event = entry.getValue();
            StoredOrder old = stored.get(entry.getKey());
            if (old != null && !LastModifiedWins.supersedes(event, old)) {
                ignored++;
                continue;
            }
            if (old != null) {
                replace.add(event);
                Contribution.of(old).ifPresent(deltas::subtract);
            }
            apply.add(event);
            Contribution.of(event, zone).ifPresent(deltas::add);
        }
        return new IngestPlan(List.copyOf(apply), List.copyOf(replace), deltas.shopDays(), deltas.skuDays(), ignored, zone);
    }
}
