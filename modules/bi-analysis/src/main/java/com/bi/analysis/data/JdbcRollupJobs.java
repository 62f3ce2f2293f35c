package com.bi.analysis.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.bi.analysis.domain.RollupJobs;
import com.bi.common.data.Jdbc;
import com.bi.common.error.ApiException;
import com.bi.orders.Texts;

/**
 * Rollup rebuild jobs in PostgreSQL ({@code rollup_job}). A zone change and its job commit in one transaction; at
 * most one PENDING job per tenant (a unique index: requests join it); a runner leases the oldest due job unless the
 * tenant already has a live RUNNING one, rebuilds under the tenant's lock with lock/statement/socket timeouts, and
 * marks the job DONE in the rebuild's own transaction — so "rebuilt" and "DONE" commit together or not at all. A
 * failed run goes back to PENDING after a backoff (1 s doubling, at most 5 min) until {@code maxAttempts}, then
 * FAILED (visible, and any new request queues a fresh job).
 */
public final class JdbcRollupJobs implements RollupJobs {
    private static final Logger LOG = Logger.getLogger(JdbcRollupJobs.class.getName());
    private static final String COLUMNS = "id, tenant_id, reason, status, attempts, last_error, zone, requested_at, started_at, finished_at";
    private final Jdbc jdbc;
    private final JdbcOrderStore store;
    private final TenantSettings zones;
    private final Duration lease;
    private final int maxAttempts;
    private final String owner = "rollup-" + UUID.randomUUID();
    private final Runnable onFailed;

    /** {@code lease}: how long a RUNNING job is this runner's before another may take it over (beyond the rebuild timeout). */
    public JdbcRollupJobs(Jdbc jdbc, JdbcOrderStore store, TenantSettings zones, Duration lease, int maxAttempts) {
        this(jdbc, store, zones, lease, maxAttempts, () -> { });
    }

    /** {@code onFailed} runs each time a job of this runner ends FAILED (its attempts spent): the metric's counter. */
    public JdbcRollupJobs(Jdbc jdbc, JdbcOrderStore store, TenantSettings zones, Duration lease, int maxAttempts, Runnable onFailed) {
        this.jdbc = jdbc;
        this.store = store;
        this.zones = zones;
        this.lease = lease;
        this.maxAttempts = maxAttempts;
        this.onFailed = onFailed;
    }

    private static Job job(ResultSet row) throws SQLException {
        return new Job(row.getLong(1), row.getString(2), row.getString(3), Status.valueOf(row.getString(4)), row.getInt(5),
                row.getString(6), row.getString(7), instant(row.getTimestamp(8)), instant(row.getTimestamp(9)), instant(row.getTimestamp(10)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    @Override
    public ZoneChange changeZone(String tenant, ZoneId zone) {
        return jdbc.inTransaction(() -> {
            // the row lock orders concurrent changes of one tenant; the first change inserts the row
            jdbc.update("INSERT INTO tenant_setting (tenant_id, time_zone) VALUES (?, ?) ON CONFLICT (tenant_id) DO NOTHING",
                    tenant, zones.defaultZone().getId());
            ZoneId before = jdbc.one("SELECT time_zone FROM tenant_setting WHERE tenant_id = ? FOR UPDATE",
                    row -> ZoneId.of(row.getString(1)), tenant).orElseThrow();
            if (before.equals(zone)) {
                return new ZoneChange(zone, false, Optional.empty());
            }
            jdbc.update("UPDATE tenant_setting SET time_zone = ?, updated_at = now() WHERE tenant_id = ?", zone.getId(), tenant);
            return new ZoneChange(zone, true, Optional.of(enqueue(tenant, "zone-change")));
        });
    }

    @Override
    public Job requestRebuild(String tenant, String reason) {
        return enqueue(tenant, reason);
    }

    private Job enqueue(String tenant, String reason) {
        // joins the tenant's waiting job when there is one (the no-op update makes RETURNING answer it)
        return jdbc.one("""
                INSERT INTO rollup_job (tenant_id, reason) VALUES (?, ?)
                ON CONFLICT (tenant_id) WHERE status = 'PENDING' DO UPDATE SET reason = rollup_job.reason
                RETURNING """ + " " + COLUMNS, JdbcRollupJobs::job, tenant, reason).orElseThrow();
    }

    @Override
    public Optional<Job> job(String tenant, long id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM rollup_job WHERE tenant_id = ? AND id = ?", JdbcRollupJobs::job, tenant, id);
    }

    @Override
    public Optional<Job> latest(String tenant) {
        return jdbc.one("SELECT " + COLUMNS + " FROM rollup_job WHERE tenant_id = ? ORDER BY id DESC LIMIT 1", JdbcRollupJobs::job, tenant);
    }

    @Override
    public boolean runNext() {
        Optional<Job> claimed = jdbc.one("""
                WITH due AS MATERIALIZED (
                    SELECT j.id FROM rollup_job j
                    WHERE (j.status = 'PENDING' AND j.run_after <= now() OR j.status = 'RUNNING' AND j.lease_until < now())
                      AND NOT EXISTS (SELECT 1 FROM rollup_job r WHERE r.tenant_id = j.tenant_id AND r.id <> j.id
                                      AND r.status = 'RUNNING' AND r.lease_until >= now())
                    ORDER BY j.id LIMIT 1 FOR UPDATE SKIP LOCKED)
                UPDATE rollup_job SET status = 'RUNNING', lease_owner = ?, lease_until = now() + make_interval(secs => ?),
                    started_at = now(), attempts = attempts + 1
                FROM due WHERE rollup_job.id = due.id
                RETURNING rollup_job.id, rollup_job.tenant_id, rollup_job.reason, rollup_job.status, rollup_job.attempts,
                    rollup_job.last_error, rollup_job.zone, rollup_job.requested_at, rollup_job.started_at, rollup_job.finished_at""",
                JdbcRollupJobs::job, owner, lease.toMillis() / 1000.0);
        if (claimed.isEmpty()) {
            return false;
        }
        Job job = claimed.get();
        try {
            store.inRebuildTransaction(c -> {
                ZoneId zone = store.rebuild(c, job.tenantId());
                int done = JdbcOrderStore.exec(c, """
                        UPDATE rollup_job SET status = 'DONE', zone = ?, finished_at = now(), last_error = NULL,
                            lease_owner = NULL, lease_until = NULL
                        WHERE id = ? AND status = 'RUNNING' AND lease_owner = ?""", zone.getId(), job.id(), owner);
                if (done != 1) {
                    throw new IllegalStateException("the lease of rollup job " + job.id() + " was taken over");
                }
                return zone;
            });
            store.dayChanges().all(job.tenantId());
            LOG.info(() -> "rollup job " + job.id() + " of " + job.tenantId() + " done");
        } catch (RuntimeException e) {
            failed(job, e);
        }
        return true;
    }

    private void failed(Job job, RuntimeException e) {
        String error = Texts.printable(e.getMessage() == null ? e.toString() : e.getMessage(), 1000);
        LOG.log(Level.WARNING, "rollup job " + job.id() + " of " + job.tenantId() + " failed (attempt " + job.attempts() + "): " + error);
        long backoffMillis = Math.min(300_000L, 1000L << Math.min(job.attempts() - 1, 20));
        try {
            String status = jdbc.one("""
                    UPDATE rollup_job SET status = CASE WHEN attempts >= ? THEN 'FAILED' ELSE 'PENDING' END, last_error = ?,
                        run_after = now() + make_interval(secs => ?), lease_owner = NULL, lease_until = NULL,
                        finished_at = CASE WHEN attempts >= ? THEN now() END
                    WHERE id = ? AND status = 'RUNNING' AND lease_owner = ?
                    RETURNING status""", row -> row.getString(1),
                    maxAttempts, error, backoffMillis / 1000.0, maxAttempts, job.id(), owner).orElse("");
            if (status.equals("FAILED")) {
                LOG.severe(() -> "rollup job " + job.id() + " of " + job.tenantId() + " FAILED after " + job.attempts()
                        + " attempts: the tenant's rollups stay stale until a new rebuild succeeds");
                onFailed.run();
            }
        } catch (ApiException conflict) {
            if (conflict.status() != 409) {
                throw conflict;
            }
            // a newer request already waits for this tenant: it will do the work
            jdbc.update("""
                    UPDATE rollup_job SET status = 'FAILED', last_error = ?, finished_at = now(), lease_owner = NULL, lease_until = NULL
                    WHERE id = ? AND status = 'RUNNING' AND lease_owner = ?""",
                    error + " (superseded by the tenant's waiting job)", job.id(), owner);
        }
    }

    @Override
    public long failedTenants() {
        return jdbc.count("""
                SELECT count(*) FROM (SELECT DISTINCT ON (tenant_id) status FROM rollup_job ORDER BY tenant_id, id DESC) newest
                WHERE status = 'FAILED'""");
    }
}
