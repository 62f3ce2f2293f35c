package com.bi.jushuitan.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.bi.common.data.Jdbc;
import com.bi.jushuitan.domain.JobStore;

/** The sync job queue in PostgreSQL: {@code FOR UPDATE SKIP LOCKED} claims, leases renewed by the running worker. */
public final class JdbcJobs implements JobStore {
    private static final String COLUMNS = "id, tenant_id, credential_id, status, requested_by, created_at, started_at, finished_at, "
            + "attempts, result";
    private final Jdbc jdbc;

    public JdbcJobs(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    private static Job map(ResultSet row) throws SQLException {
        long credential = row.getLong(3);
        Long credentialId = row.wasNull() ? null : credential;
        return new Job(row.getLong(1), row.getString(2), credentialId, row.getString(4), row.getString(5), instant(row.getTimestamp(6)),
                instant(row.getTimestamp(7)), instant(row.getTimestamp(8)), row.getInt(9), row.getString(10));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    @Override
    public Job enqueue(String tenant, Long credentialId, String requestedBy) {
        // the partial unique index keeps one queued job per scope; concurrent triggers all get that one
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<Job> inserted = jdbc.one("""
                    INSERT INTO sync_job (tenant_id, credential_id, requested_by) VALUES (?, ?, ?)
                    ON CONFLICT (tenant_id, coalesce(credential_id, 0)) WHERE status = 'QUEUED' DO NOTHING
                    RETURNING\s""" + COLUMNS, JdbcJobs::map, tenant, credentialId, requestedBy);
            if (inserted.isPresent()) {
                return inserted.get();
            }
            Optional<Job> queued = jdbc.one("SELECT " + COLUMNS + " FROM sync_job WHERE tenant_id = ? AND "
                    + "coalesce(credential_id, 0) = coalesce(?::bigint, 0) AND status = 'QUEUED'", JdbcJobs::map, tenant, credentialId);
            if (queued.isPresent()) {
                return queued.get();
            }
            // claimed between the two statements: enqueue again
        }
        throw new IllegalStateException("could not enqueue a sync job");
    }

    @Override
    public Optional<Job> get(String tenant, long id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM sync_job WHERE tenant_id = ? AND id = ?", JdbcJobs::map, tenant, id);
    }

    @Override
    public List<Job> recent(String tenant, int limit) {
        return jdbc.list("SELECT " + COLUMNS + " FROM sync_job WHERE tenant_id = ? ORDER BY id DESC LIMIT ?", JdbcJobs::map, tenant, limit);
    }

    @Override
    public Optional<Job> claim(String owner, Duration lease) {
        return jdbc.one("""
                UPDATE sync_job SET status = 'RUNNING', lease_owner = ?, lease_until = now() + ?::double precision * interval '1 millisecond',
                    started_at = coalesce(started_at, now()), attempts = attempts + 1
                WHERE id = (SELECT id FROM sync_job
                            WHERE status = 'QUEUED' OR status = 'RUNNING' AND lease_until < now()
                            ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
                RETURNING\s""" + COLUMNS, JdbcJobs::map, owner, lease.toMillis());
    }

    @Override
    public boolean renew(long id, String owner, Duration lease) {
        return jdbc.update("""
                UPDATE sync_job SET lease_until = now() + ?::double precision * interval '1 millisecond'
                WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'""", lease.toMillis(), id, owner) == 1;
    }

    @Override
    public int purge(Duration age) {
        return jdbc.update("""
                DELETE FROM sync_job WHERE status IN ('SUCCEEDED', 'FAILED')
                AND finished_at < now() - ?::double precision * interval '1 millisecond'""", age.toMillis());
    }

    @Override
    public void finish(long id, String owner, String status, String result) {
        jdbc.update("""
                UPDATE sync_job SET status = ?, result = ?, finished_at = now(), lease_owner = NULL, lease_until = NULL
                WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'""", status, result, id, owner);
    }
}
