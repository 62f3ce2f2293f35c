package com.bi.analysis.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Rebuilds of a tenant's pay days and rollups as durable background jobs (issue 12 #9, #10): a request (a zone
 * change, an admin, bi-cron) only queues a job — at most one waiting per tenant, a second request joins it — and a
 * worker runs them one at a time per tenant across replicas, under lock and statement timeouts, retrying a failed
 * run with backoff. The job reads the tenant's zone when it runs, so the last committed zone always wins.
 */
public interface RollupJobs {
    enum Status { PENDING, RUNNING, DONE, FAILED }

    record Job(long id, String tenantId, String reason, Status status, int attempts, String lastError, String zone,
               Instant requestedAt, Instant startedAt, Instant finishedAt) {
    }

    /** The zone as stored now, and the rebuild queued with it in the same transaction (empty when it did not change). */
    record ZoneChange(ZoneId zone, boolean changed, Optional<Job> rebuild) {
    }

    /** Stores the tenant's zone; when it changed, queues a rebuild in the same transaction (one decision). */
    ZoneChange changeZone(String tenant, ZoneId zone);

    /** Queues a rebuild, or returns the one already waiting for the tenant. */
    Job requestRebuild(String tenant, String reason);

    Optional<Job> job(String tenant, long id);

    /** The tenant's newest job, if any (shown with its settings). */
    Optional<Job> latest(String tenant);

    /** Runs one due job; false when none was due. Failures are recorded on the job (retried later), not thrown. */
    boolean runNext();

    /**
     * Tenants whose newest rebuild ended FAILED: their pay days and rollups are stale until a new rebuild succeeds
     * (a request queued after the failure takes the tenant out of this count while it waits).
     */
    long failedTenants();
}
