package com.bi.ops;

import java.time.Duration;
import java.time.Instant;

/** Time for the steps of a rollout: the wall clock, or a virtual one that jumps (analysis of recorded data, tests). */
interface OpsClock {
    Instant now();

    void sleep(Duration d);

    static OpsClock system() {
        return new OpsClock() {
            @Override
            public Instant now() {
                return Instant.now();
            }

            @Override
            public void sleep(Duration d) {
                try {
                    Thread.sleep(d);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw OpsException.failed("interrupted");
                }
            }
        };
    }

    /** Starts at {@code start}; sleeping advances it without waiting. */
    static OpsClock virtual(Instant start) {
        return new OpsClock() {
            private Instant now = start;

            @Override
            public Instant now() {
                return now;
            }

            @Override
            public void sleep(Duration d) {
                now = now.plus(d);
            }
        };
    }

    static Duration parseDuration(String text, String what) {
        var m = java.util.regex.Pattern.compile("(\\d{1,6})([smhd])").matcher(text);
        if (!m.matches()) {
            throw OpsException.usage(what + " '" + text + "' is not a duration like 30s, 5m, 1h or 30d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
