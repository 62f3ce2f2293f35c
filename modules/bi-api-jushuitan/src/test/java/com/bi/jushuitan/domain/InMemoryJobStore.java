package com.bi.jushuitan.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link JobStore} in memory: one queued job per scope, claims with a lease (an expired one is claimed again). */
public final class InMemoryJobStore implements JobStore {
    private final List<Job> jobs = new ArrayList<>();
    private final Map<Long, String> owners = new HashMap<>();
    private final Map<Long, Instant> leases = new HashMap<>();
    private final Clock clock;

    public InMemoryJobStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Job enqueue(String tenant, Long credentialId, String requestedBy) {
        Optional<Job> queued = jobs.stream().filter(j -> j.status().equals("QUEUED") && j.tenantId().equals(tenant)
                && Objects.equals(j.credentialId(), credentialId)).findFirst();
        if (queued.isPresent()) {
            return queued.get();
        }
        Job job = new Job(jobs.size() + 1, tenant, credentialId, "QUEUED", requestedBy, clock.instant(), null, null, 0, null);
        jobs.add(job);
        return job;
    }

    @Override
    public synchronized Optional<Job> get(String tenant, long id) {
        return jobs.stream().filter(j -> j.id() == id && j.tenantId().equals(tenant)).findFirst();
    }

    @Override
    public synchronized List<Job> recent(String tenant, int limit) {
        return jobs.reversed().stream().filter(j -> j.tenantId().equals(tenant)).limit(limit).toList();
    }

    @Override
    public synchronized Optional<Job> claim(String owner, Duration lease) {
        Instant now = clock.instant();
        for (int i = 0; i < jobs.size(); i++) {
            Job j = jobs.get(i);
            boolean expired = j.status().equals("RUNNING") && !leases.get(j.id()).isAfter(now);
            if (j.status().equals("QUEUED") || expired) {
                Job running = new Job(j.id(), j.tenantId(), j.credentialId(), "RUNNING", j.requestedBy(), j.createdAt(), now, null,
                        j.attempts() + 1, null);
                jobs.set(i, running);
                owners.put(j.id(), owner);
                leases.put(j.id(), now.plus(lease));
                return Optional.of(running);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized boolean renew(long id, String owner, Duration lease) {
        if (!owner.equals(owners.get(id))) {
            return false;
        }
        leases.put(id, clock.instant().plus(lease));
        return true;
    }

    @Override
    public synchronized void finish(long id, String owner, String status, String result) {
        for (int i = 0; i < jobs.size(); i++) {
            Job j = jobs.get(i);
            if (j.id() == id && owner.equals(owners.get(id)) && j.status().equals("RUNNING")) {
                jobs.set(i, new Job(j.id(), j.tenantId(), j.credentialId(), status, j.requestedBy(), j.createdAt(), j.startedAt(),
                        clock.instant(), j.attempts(), result));
            }
        }
    }

    @Override
    public synchronized int purge(Duration age) {
        Instant before = clock.instant().minus(age);
        int size = jobs.size();
        jobs.removeIf(j -> j.finishedAt() != null && j.finishedAt().isBefore(before));
        return size - jobs.size();
    }

    /** The job as stored now, whichever tenant. */
    public synchronized Job job(long id) {
        return jobs.stream().filter(j -> j.id() == id).findFirst().orElseThrow();
    }
}
