package com.bi.analysis.domain.rollup;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.bi.orders.OrderEvent;

/**
 * Which of two states of one order wins: the later {@code modifiedTime}, then the higher {@code version}; an equal
 * pair is not newer, so a replayed or duplicated event changes nothing. Times compare at microseconds, the precision
 * the store keeps, so an event is never "newer" than its own stored copy by nanoseconds PostgreSQL dropped.
 */
public final class LastModifiedWins {
    private LastModifiedWins() {
    }

    /** True when {@code candidate} replaces a state last modified at {@code modified} with {@code version}. */
    public static boolean supersedes(OrderEvent candidate, Instant modified, long version) {
        int c = stored(candidate.modifiedTime()).compareTo(modified);
        return c > 0 || c == 0 && candidate.version() > version;
    }

    /** True when {@code candidate} replaces the stored state. */
    public static boolean supersedes(OrderEvent candidate, StoredOrder stored) {
        return supersedes(candidate, stored.modified(), stored.version());
    }

    /** True when {@code candidate} replaces {@code current} (two events of one batch). */
    public static boolean supersedes(OrderEvent candidate, OrderEvent current) {
        return supersedes(candidate, stored(current.modifiedTime()), current.version());
    }

    /** {@code time} at the precision the store keeps (PostgreSQL timestamptz: microseconds). */
    public static Instant stored(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS);
    }
}
