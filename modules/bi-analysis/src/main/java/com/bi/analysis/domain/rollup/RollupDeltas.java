package com.bi.analysis.domain.rollup;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The changes one ingest makes to the rollup rows: a replaced state's contribution subtracted, the new state's added.
 * Rows whose change sums to nothing are left out (a re-sent order with the same figures writes no rollup row).
 */
public final class RollupDeltas {
    private final SortedMap<ShopDay, Measures> shopDays = new TreeMap<>();
    private final SortedMap<SkuDay, Measures> skuDays = new TreeMap<>();

    public void add(Contribution contribution) {
        apply(contribution, +1);
    }

    public void subtract(Contribution contribution) {
        apply(contribution, -1);
    }

    private void apply(Contribution contribution, int sign) {
        shopDays.merge(new ShopDay(contribution.day(), contribution.shop()), contribution.shopMeasures().times(sign), Measures::plus);
        contribution.skuMeasures().forEach((row, m) -> skuDays.merge(row, m.times(sign), Measures::plus));
    }

    /** Changes per (day, shop), in key order, without the ones that change nothing. */
    public SortedMap<ShopDay, Measures> shopDays() {
        return nonZero(shopDays);
    }

    /** Changes per (day, shop, sku), in key order, without the ones that change nothing. */
    public SortedMap<SkuDay, Measures> skuDays() {
        return nonZero(skuDays);
    }

    private static <K> SortedMap<K, Measures> nonZero(SortedMap<K, Measures> rows) {
        SortedMap<K, Measures> out = new TreeMap<>(rows.comparator());
        rows.forEach((k, m) -> {
            if (!m.isZero()) {
                out.put(k, m);
            }
        });
        return Collections.unmodifiableSortedMap(out);
    }
}
