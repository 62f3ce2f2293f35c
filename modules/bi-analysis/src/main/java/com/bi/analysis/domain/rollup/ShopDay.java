package com.bi.analysis.domain.rollup;

import java.time.LocalDate;
import java.util.Comparator;

/** A row of the per-shop daily rollup. Ordered (day, shop) so writers touch rows in one order and never deadlock. */
public record ShopDay(LocalDate day, String shop) implements Comparable<ShopDay> {
    private static final Comparator<ShopDay> ORDER = Comparator.comparing(ShopDay::day).thenComparing(ShopDay::shop);

    @Override
    public int compareTo(ShopDay other) {
        return ORDER.compare(this, other);
    }
}
