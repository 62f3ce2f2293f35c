package com.bi.analysis.domain.rollup;

import java.time.ZoneId;
import java.util.List;
import java.util.SortedMap;

import com.bi.analysis.domain.IngestResult;
import com.bi.orders.OrderEvent;

/**
 * What one tenant's ingest writes, decided by {@link OrderBatch#against}: the states to store ({@code apply}, of
 * which {@code replace} overwrite a stored order whose lines go first), the rollup changes to add, and how many
 * copies were ignored as stale or duplicate. The store persists it as is.
 */
public record IngestPlan(List<OrderEvent> apply, List<OrderEvent> replace, SortedMap<ShopDay, Measures> shopDeltas,
                         SortedMap<SkuDay, Measures> skuDeltas, int ignored, ZoneId zone) {
    public IngestResult result() {
        return new IngestResult(apply.size(), ignored);
    }

    public boolean writesNothing() {
        return apply.isEmpty();
    }
}
