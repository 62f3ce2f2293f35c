package com.bi.chat.domain;

import java.util.List;
import java.util.Map;

/** Runs a validated query on bi-analysis as the caller (never SQL here); the tenant is the caller's token's. */
public interface MetricEngine {
    Result run(ChatQuery query);

    record Row(Map<String, String> dimensions, Map<String, Double> metrics, Map<String, Double> compare) {
    }

    record Result(List<Row> rows, Map<String, Double> totals, Map<String, Double> compareTotals, String compareFrom,
                  String compareTo) {
    }

    /** bi-analysis refused the query (its own validation): the answer is a refusal, not an error. */
    final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }
}
