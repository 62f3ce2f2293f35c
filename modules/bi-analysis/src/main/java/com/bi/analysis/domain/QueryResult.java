package com.bi.analysis.domain;

import java.util.List;
import java.util.Map;

/**
 * The answer: rows (dimension values as text, metric values as numbers, and the comparison period's values when
 * asked), totals over all rows (not only the top N), and which table answered.
 */
public record QueryResult(List<Row> rows, Map<String, Number> totals, Map<String, Number> compareTotals, String source,
                          String timeZone, String from, String to, String compareFrom, String compareTo) {
    public record Row(Map<String, String> dimensions, Map<String, Number> metrics, Map<String, Number> compare,
                      Map<String, Double> change) {
    }
}
