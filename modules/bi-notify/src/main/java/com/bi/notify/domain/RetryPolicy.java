package com.bi.notify.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: after attempt n the delay is {@code base * 2^(n-1)}, capped at {@code max},
 * then "equal jitter" — a random point in its upper half — so deliveries that failed together (a receiver's outage) do
 * not all come back in the same instant. After {@code maxAttempts} attempts the delivery is DEAD.
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration max, DoubleSupplier random) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** The next attempt after {@code attemptsSoFar} attempts (the failed one included), or null when none is left. */
    public Instant next(int attemptsSoFar, Instant now) {
        if (attemptsSoFar >= maxAttempts) {
            return null;
        }
        return now.plus(delay(attemptsSoFar));
    }

    /** The jittered delay after {@code attemptsSoFar} attempts: within [d/2, d] of d = min(max, base * 2^(n-1)). */
    public Duration delay(int attemptsSoFar) {
        int doublings = Math.max(0, Math.min(attemptsSoFar - 1, 40));
        long baseMillis = base.toMillis();
        long capped = doublings >= 62 || baseMillis > (max.toMillis() >> doublings)
                ? max.toMillis() : Math.min(max.toMillis(), baseMillis << doublings);
        long half = capped / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (capped - half)));
    }
}
