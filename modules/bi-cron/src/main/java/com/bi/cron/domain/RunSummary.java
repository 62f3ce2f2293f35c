package com.bi.cron.domain;

import java.util.List;

/** One run's record: the summary log line and the pushed metric are written from it. */
public record RunSummary(String job, Outcome outcome, boolean dryRun, int tenants, long items, int failures,
                         long durationMillis, double endedEpochSeconds, String reason) {
    public enum Outcome {
        SUCCESS, FAILED, SKIPPED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static RunSummary of(String job, boolean dryRun, Tally tally, long durationMillis, double endedEpochSeconds) {
        List<String> failures = tally.failures();
        return new RunSummary(job, failures.isEmpty() ? Outcome.SUCCESS : Outcome.FAILED, dryRun, tally.tenants(),
                tally.items(), failures.size(), durationMillis, endedEpochSeconds,
                failures.isEmpty() ? null : failures.size() + " failed, first: " + failures.get(0));
    }

    /** The summary as one JSON object (the run's final log line, which log-based alerting reads). */
    public String json() {
        StringBuilder s = new StringBuilder("{\"event\":\"bi_cron_run\",\"job\":");
        quote(s, job);
        s.append(",\"outcome\":\"").append(outcome.id()).append('"')
                .append(",\"dry_run\":").append(dryRun)
                .append(",\"tenants\":").append(tenants)
                .append(",\"items\":").append(items)
                .append(",\"failures\":").append(failures)
                .append(",\"duration_ms\":").append(durationMillis);
        if (reason != null) {
            s.append(",\"reason\":");
            quote(s, reason);
        }
        return s.append('}').toString();
    }

    private static void quote(StringBuilder s, String value) {
        s.append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        s.append('"');
    }
}
