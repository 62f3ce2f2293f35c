package com.bi.jushuitan.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import com.bi.common.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Syncs as queued jobs: a trigger enqueues (one queued job per scope — a shop, or a whole tenant) and answers at
 * once; workers claim jobs with a lease renewed (with the shop's) every third of it while a run lives, so a long run is never taken over
 * while alive, and a crashed worker's job is picked up again once its lease expired.
 */
public final class SyncJobs {
    private static final Logger LOG = Logger.getLogger(SyncJobs.class.getName());
    /** A job given up after this many claims (its workers kept dying mid-run). */
    static final int MAX_ATTEMPTS = 5;

    private final JobStore jobs;
    private final ShopStore shops;
    private final ShopSync sync;
    private final Duration lease;

    public SyncJobs(JobStore jobs, ShopStore shops, ShopSync sync, Duration lease) {
        this.jobs = jobs;
        this.shops = shops;
        this.sync = sync;
        this.lease = lease;
    }

    /** Enqueues a sync of one shop (must exist for the tenant: checked by the caller) or of all the tenant's shops. */
    public JobStore.Job trigger(String tenant, Long credentialId, String requestedBy) {
        return jobs.enqueue(tenant, credentialId, requestedBy);
    }

    /** One job per tenant with enabled shops (bi-cron's scheduled sync): each runs on its own, none in the request. */
    public List<JobStore.Job> triggerAll(String requestedBy) {
        List<JobStore.Job> queued = new ArrayList<>();
        for (String tenant : shops.tenantsWithEnabledShops()) {
            queued.add(jobs.enqueue(tenant, null, requestedBy));
        }
        return queued;
    }

    public Optional<JobStore.Job> get(String tenant, long id) {
        return jobs.get(tenant, id);
    }

    public List<JobStore.Job> recent(String tenant) {
        return jobs.recent(tenant, 50);
    }

    /** Forgets finished jobs older than {@code age} (the status of a shop stays in its sync state). */
    public int purge(Duration age) {
        return jobs.purge(age);
    }

    /** Claims and runs the next job as {@code owner}; false when the queue is empty. */
    public boolean runNext(String owner) {
        return runNext(owner, () -> false);
    }

    /**
     * Claims and runs the next job as {@code owner}; false when the queue is empty. When {@code stopping} turns true
     * the run ends at its next call and the job is left to be claimed again once its lease expires.
     */
    public boolean runNext(String owner, java.util.function.BooleanSupplier stopping) {
        Optional<JobStore.Job> claimed = jobs.claim(owner, lease);
        if (claimed.isEmpty()) {
            return false;
        }
        JobStore.Job job = claimed.get();
        if (job.attempts() > MAX_ATTEMPTS) {
            jobs.finish(job.id(), owner, "FAILED", "[]");
            LOG.warning(() -> "sync job " + job.id() + " given up after " + MAX_ATTEMPTS + " attempts");
            return true;
        }
        List<Shop> targets = job.credentialId() == null ? shops.enabled(job.tenantId())
                : shops.get(job.tenantId(), job.credentialId()).map(List::of).orElse(List.of());
        ShopSync.Heartbeat heartbeat = new ShopSync.Heartbeat() {
            @Override
            public void beat() {
                if (!jobs.renew(job.id(), owner, lease)) {
                    throw new ShopSync.LeaseLost();
                }
            }

            @Override
            public boolean stopping() {
                return stopping.getAsBoolean();
            }
        };
        List<ShopSync.Result> results = new ArrayList<>();
        boolean failed = false;
        for (Shop shop : targets) {
            ShopSync.Result result = sync.run(shop, owner, heartbeat);
            results.add(result);
            failed |= result.outcome().equals("FAILED") || result.outcome().equals("CREDENTIALS_UNREADABLE");
            if (result.error() != null && (result.error().equals(new ShopSync.LeaseLost().getMessage())
                    || result.error().equals(new ShopSync.Stopping().getMessage()))) {
                return true; // the job's lease is someone else's now, or will be once it expires: they finish it
            }
        }
        jobs.finish(job.id(), owner, failed ? "FAILED" : "SUCCEEDED", json(results));
        return true;
    }

    private static String json(List<ShopSync.Result> results) {
        try {
            return Json.MAPPER.writeValueAsString(results);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
