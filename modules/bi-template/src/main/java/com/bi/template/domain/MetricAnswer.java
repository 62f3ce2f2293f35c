package com.bi.template.domain;

import java.util.List;
import java.util.Map;

/** bi-analysis's answer to one panel query. */
public record MetricAnswer(List<Row> rows, Map<String, Double> totals, Map<String, Double> compareTotals, String timeZone) {
    public record Row(Map<String, String> dimensions, Map<String, Double> metrics, Map<String, Double> compare) {
    }
}
