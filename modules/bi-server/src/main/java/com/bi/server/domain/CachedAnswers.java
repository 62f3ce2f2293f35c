package com.bi.server.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one way composed answers are cached (the daily dashboard and the template dashboards alike): per tenant and
 * query, keyed with the versions of the order days the answer covers (see {@link DayVersions}), so new orders for one
 * of those days make it unreachable. Only complete answers are kept; a cache or version store that fails is skipped
 * (the answer is composed, not cached).
 */
public final class CachedAnswers {
    private static final Logger LOG = Logger.getLogger(CachedAnswers.class.getName());
    /** Stamps are read in chunks no longer than this (the day version store reads a bounded number of days per call). */
    static final int STAMP_CHUNK_DAYS = 366;

    /** A period of days, both ends included. */
    public record Days(LocalDate from, LocalDate to) {
        public Days {
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("a period ends before it starts: " + from + ".." + to);
            }
        }
    }

    /** An answer, encoded, and whether it came from the cache. */
    public record Answer(byte[] body, boolean cached) {
    }

    /** A freshly composed answer: its encoding, and whether every part of it answered (only then is it cached). */
    public record Composed(byte[] body, boolean complete) {
    }

    private final AnswerCache cache;
    private final DayVersions versions;

    public CachedAnswers(AnswerCache cache, DayVersions versions) {
        this.cache = cache;
        this.versions = versions;
    }

    /**
     * The answer of {@code tenant} to {@code query} (its canonical text) over {@code days}: from the cache when one
     * composed over unchanged days is there, else {@code compose}d (and cached when complete).
     */
    public Answer answer(String tenant, String query, List<Days> days, Supplier<Composed> compose) {
        String key = null;
        try {
            key = AnswerCache.key(tenant, query, stamp(tenant, days));
            var hit = cache.get(key);
            if (hit.isPresent()) {
                return new Answer(hit.get(), true);
            }
        } catch (RuntimeException e) {
            // the versions (or the cache) cannot be read: answer fresh, and do not cache what might be stale
            LOG.log(Level.FINE, "answer cache skipped", e);
            key = null;
            cache.skipped();
        }
        Composed composed = compose.get();
        if (key != null && composed.complete()) {
            cache.put(key, composed.body());
        }
        return new Answer(composed.body(), false);
    }

    /** The versions of every day of {@code days} (overlaps merged, long periods read in chunks). */
    String stamp(String tenant, List<Days> days) {
        StringBuilder stamp = new StringBuilder();
        for (Days period : merge(days)) {
            for (LocalDate start = period.from(); !start.isAfter(period.to()); start = start.plusDays(STAMP_CHUNK_DAYS)) {
                LocalDate end = start.plusDays(STAMP_CHUNK_DAYS - 1);
                stamp.append(start).append(':').append(versions.stamp(tenant, start, end.isAfter(period.to()) ? period.to() : end)).append('|');
            }
        }
        return stamp.toString();
    }

    /** The periods sorted, overlapping or adjacent ones joined. */
    static List<Days> merge(List<Days> days) {
        List<Days> sorted = new ArrayList<>(days);
        sorted.sort(Comparator.comparing(Days::from));
        List<Days> merged = new ArrayList<>();
        for (Days d : sorted) {
            Days last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && !d.from().isAfter(last.to().plusDays(1))) {
                merged.set(merged.size() - 1, new Days(last.from(), d.to().isAfter(last.to()) ? d.to() : last.to()));
            } else {
                merged.add(d);
            }
        }
        return merged;
    }
}
