package com.bi.cron.data;

import com.bi.common.data.Jdbc;
import com.bi.cron.domain.RunSummary;

/** The run history in bi-cron's schema ({@code cron_run}). */
public final class JdbcRunLog {
    private final Jdbc jdbc;

    public JdbcRunLog(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void record(RunSummary run) {
        jdbc.update("INSERT INTO cron_run (job, outcome, dry_run, tenants, items, failures, duration_ms, reason)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", run.job(), run.outcome().id(), run.dryRun(), run.tenants(),
                run.items(), run.failures(), run.durationMillis(), run.reason());
    }
}
