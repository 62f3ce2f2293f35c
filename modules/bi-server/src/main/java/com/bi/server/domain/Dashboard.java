package com.bi.server.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One dashboard answer: the range it covers (and the comparison period), the filters, and its sections by name —
 * {@code kpis}, {@code trend}, {@code sku_ranking}, {@code shops}, and, where those services are wired,
 * {@code attainment} and {@code template}. {@code complete} is false when a section is not {@code ok} (such an answer
 * is never cached).
 */
public record Dashboard(String range, LocalDate from, LocalDate to, LocalDate compareFrom, LocalDate compareTo,
                        List<String> shops, String platform, Map<String, Section> sections, boolean complete) {
    /** One KPI: the value in the range, in the comparison period, and the relative change (null when undefined). */
    public record Kpi(String metric, double value, double previous, Double change) {
        public static Kpi of(String metric, double value, double previous) {
            return new Kpi(metric, value, previous, previous == 0 ? null : (value - previous) / previous);
        }
    }

    /** One day of the trend. */
    public record TrendPoint(String day, double gmv, double orders) {
    }

    /** One SKU of the ranking. */
    public record SkuRank(int rank, String sku, double gmv, double units) {
    }

    /** One shop of the comparison. */
    public record ShopRow(String shop, double gmv, double orders, double previousGmv, Double change) {
    }
}
