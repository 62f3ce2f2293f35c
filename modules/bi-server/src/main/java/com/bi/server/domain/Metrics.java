package com.bi.server.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** bi-analysis's metric query engine, as the dashboard needs it (the port; data/AnalysisClient speaks gRPC). */
public interface Metrics {
    Answer query(Question question);

    /** A metric question: dimensions, the range, the dashboard's filters, an optional comparison, an order and a limit. */
    record Question(List<String> metrics, List<String> dimensions, LocalDate from, LocalDate to, List<String> shops,
                    Optional<String> platform, boolean comparePreviousPeriod, Optional<String> orderBy, int limit) {
        public static Question of(DashboardQuery q, List<String> metrics, List<String> dimensions) {
            return new Question(metrics, dimensions, q.from(), q.to(), q.shops(), q.platform(), false, Optional.empty(), 0);
        }

        public Question comparing() {
            return new Question(metrics, dimensions, from, to, shops, platform, true, orderBy, limit);
        }

        public Question top(String metric, int n) {
            return new Question(metrics, dimensions, from, to, shops, platform, comparePreviousPeriod, Optional.of(metric), n);
        }
    }

    record Row(Map<String, String> dimensions, Map<String, Double> values, Map<String, Double> compare) {
    }

    record Answer(List<Row> rows, Map<String, Double> totals, Map<String, Double> compareTotals, String compareFrom,
                  String compareTo, String timeZone) {
    }
}
