package com.bi.analysis.domain.rollup;

import java.time.LocalDate;
import java.util.Comparator;

/** A row of the per-SKU daily rollup, ordered (day, shop, sku) like {@link ShopDay}. */
public record SkuDay(LocalDate day, String shop, String sku) implements Comparable<SkuDay> {
    private static final Comparator<SkuDay> ORDER = Comparator.comparing(SkuDay::day).thenComparing(SkuDay::shop)
            .thenComparing(SkuDay::sku);

    @Override
    public int compareTo(SkuDay other) {
        return ORDER.compare(this, other);
    }
}
