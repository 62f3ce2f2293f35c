package com.bi.template.domain;

import java.util.List;
import java.util.Set;

/**
 * The vocabulary of bi-analysis's metric queries (analysis.proto's QueryRequest), checked when a template is saved so
 * a broken panel is refused then, not at 7 a.m. when the daily report renders. {@code MetricCatalogUnitTest} holds it
 * to bi-analysis's own validation.
 */
public final class MetricCatalog {
    public static final List<String> METRICS = List.of("gmv", "orders", "units", "buyers", "aov", "refund_amount", "refund_rate");
    public static final List<String> DIMENSIONS = List.of("day", "week", "month", "shop", "platform", "sku", "category");
    public static final Set<String> TIME_DIMENSIONS = Set.of("day", "week", "month");
    public static final List<String> FILTER_FIELDS = List.of("shop", "platform", "sku", "category");
    public static final List<String> FILTER_OPS = List.of("eq", "in", "not_in");
    public static final List<String> COMPARES = List.of("previous_period", "year_over_year");
    public static final List<String> PLATFORMS = List.of("TAOBAO", "TMALL", "JD", "PDD", "DOUYIN", "OTHER");
    /** bi-analysis refuses larger limits. */
    public static final int MAX_LIMIT = 10_000;
    /** bi-analysis refuses more filters. */
    public static final int MAX_FILTERS = 20;
    /** bi-analysis refuses more values in one filter. */
    public static final int MAX_FILTER_VALUES = 500;
    /** Money metrics are shown with two decimals, counts as integers, rates with four. */
    private static final Set<String> COUNTS = Set.of("orders", "units", "buyers");

    private MetricCatalog() {
    }

    public static int scale(String metric) {
        if (COUNTS.contains(metric)) {
            return 0;
        }
        return metric.equals("refund_rate") ? 4 : 2;
    }
}
