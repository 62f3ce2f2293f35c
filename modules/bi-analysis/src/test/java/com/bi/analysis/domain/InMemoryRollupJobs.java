package com.bi.analysis.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link RollupJobs} in memory: one waiting job per tenant, run in order by {@link #runNext()} against an
 * {@link InMemoryOrderStore} (the zone read when the job runs, as the JDBC jobs do).
 */
public final class InMemoryRollupJobs implements RollupJobs {
    private final InMemoryOrderStore store;
    private final List<Job> jobs = new ArrayList<>();

    public InMemoryRollupJobs(InMemoryOrderStore store) {
        this.store = store;
    }

    @Override
    public synchronized ZoneChange changeZone(String tenant, ZoneId zone) {
        if (store.zone(tenant).equals(zone)) {
            return new ZoneChange(zone, false, Optional.empty());
        }
        store.zone(tenant, zone);
        return new ZoneChange(zone, true, Optional.of(requestRebuild(tenant, "zone changed")));
    }

    @Override
    public synchronized Job requestRebuild(String tenant, String reason) {
        Optional<Job> waiting = jobs.stream().filter(j -> j.tenantId().equals(tenant) && j.status() == Status.PENDING).findFirst();
        if (waiting.isPresent()) {
            return waiting.get();
        }
        Job job = new Job(jobs.size() + 1, tenant, reason, Status.PENDING, 0, null, null, Instant.EPOCH, null, null);
        jobs.add(job);
        return job;
    }

    @Override
    public synchronized Optional<Job> job(String tenant, long id) {
        return jobs.stream().filter(j -> j.id() == id && j.tenantId().equals(tenant)).findFirst();
    }

    @Override
    public synchronized Optional<Job> latest(String tenant) {
        return jobs.reversed().stream().filter(j -> j.tenantId().equals(tenant)).findFirst();
    }

    @Override
    public synchronized boolean runNext() {
        for (int i = 0; i < jobs.size(); i++) {
            Job j = jobs.get(i);
            if (j.status() == Status.PENDING) {
                store.rebuild(j.tenantId());
                jobs.set(i, new Job(j.id(), j.tenantId(), j.reason(), Status.DONE, j.attempts() + 1, null,
                        store.zone(j.tenantId()).getId(), j.requestedAt(), Instant.EPOCH, Instant.EPOCH));
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized long failedTenants() {
        return jobs.stream().map(Job::tenantId).distinct()
                .filter(tenant -> latest(tenant).map(j -> j.status() == Status.FAILED).orElse(false)).count();
    }
}
