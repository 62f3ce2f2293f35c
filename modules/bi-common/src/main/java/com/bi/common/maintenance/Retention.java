package com.bi.common.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

import com.bi.common.config.Option;
import com.bi.common.config.Settings;
import com.bi.common.data.Jdbc;

/**
 * A service's retention policies over its own schema, purged on request (bi-cron's {@code retention} job through
 * {@code bi.maintenance.v1.Maintenance/Purge}). Rows go in batches of {@link #BATCH} (each one short statement, so
 * a purge never holds long locks and an interrupted purge just leaves the rest for the next run); the window is read
 * from the live settings at every purge. One failing policy is reported and does not stop the others.
 */
public final class Retention {
    /** Rows deleted per statement. */
    public static final int BATCH = 5000;
    private static final Logger LOG = Logger.getLogger(Retention.class.getName());

    /** What one policy did: rows deleted (due, on a dry run), or the reason it failed. */
    public record Result(RetentionPolicy policy, Duration window, long rows, String error) {
        public boolean failed() {
            return error != null;
        }
    }

    private final Jdbc jdbc;
    private final Supplier<Settings> settings;
    private final Supplier<Instant> now;
    private final List<RetentionPolicy> policies;

    public Retention(Jdbc jdbc, Supplier<Settings> settings, Supplier<Instant> now, List<RetentionPolicy> policies) {
        if (policies.isEmpty()) {
            throw new IllegalArgumentException("a retention declaration needs at least one policy");
        }
        this.jdbc = jdbc;
        this.settings = settings;
        this.now = now;
        this.policies = List.copyOf(policies);
    }

    public List<RetentionPolicy> policies() {
        return policies;
    }

    /** The window options, for the service's catalog. */
    public List<Option<Duration>> windows() {
        return policies.stream().map(RetentionPolicy::window).toList();
    }

    public List<Result> purge(boolean dryRun) {
        Settings current = settings.get();
        List<Result> results = new ArrayList<>();
        for (RetentionPolicy policy : policies) {
            Duration window = current.get(policy.window());
            Timestamp cutoff = Timestamp.from(now.get().minus(window));
            try {
                long rows = dryRun ? due(policy, cutoff) : delete(policy, cutoff);
                results.add(new Result(policy, window, rows, null));
                LOG.info(() -> "retention " + policy.name() + ": " + rows + " row(s) older than " + window
                        + (dryRun ? " due (dry run)" : " deleted"));
            } catch (RuntimeException e) {
                LOG.warning(() -> "retention " + policy.name() + " failed: " + e);
                results.add(new Result(policy, window, 0, e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        return results;
    }

    private long due(RetentionPolicy p, Timestamp cutoff) {
        return jdbc.count("SELECT count(*) FROM " + p.table() + " WHERE " + p.timestampColumn() + " < ?", cutoff);
    }

    private long delete(RetentionPolicy p, Timestamp cutoff) {
        // ctid batches: no primary-key assumption, each statement bounded
        String sql = "DELETE FROM " + p.table() + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + p.table() + " WHERE "
                + p.timestampColumn() + " < ? LIMIT " + BATCH + "))";
        long total = 0;
        while (true) {
            int deleted = jdbc.update(sql, cutoff);
            total += deleted;
            if (deleted < BATCH) {
                return total;
            }
        }
    }
}
