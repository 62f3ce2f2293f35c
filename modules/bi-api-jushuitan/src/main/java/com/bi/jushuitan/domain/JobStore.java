package com.bi.jushuitan.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The queue of sync jobs: enqueue (one queued job per scope), claim with a lease, renew, finish. */
public interface JobStore {
    /** A sync of one shop ({@code credentialId}) or of every enabled shop of a tenant (null). */
    record Job(long id, String tenantId, Long credentialId, String status, String requestedBy, Instant createdAt,
               Instant startedAt, Instant finishedAt, int attempts, String result) {
    }

    /** Enqueues, or returns the job already queued for the same scope. */
    Job enqueue(String tenant, Long credentialId, String requestedBy);

    Optional<Job> get(String tenant, long id);

    List<Job> recent(String tenant, int limit);

    /** The oldest queued job (or a running one whose lease expired), now RUNNING for {@code owner}. */
    Optional<Job> claim(String owner, Duration lease);

    boolean renew(long id, String owner, Duration lease);

    void finish(long id, String owner, String status, String result);

    /** Deletes finished jobs older than {@code age}; answers how many. */
    int purge(Duration age);
}
