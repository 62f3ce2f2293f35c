package com.bi.cron.domain;

/** {@code sync-jushuitan}: queue every tenant's incremental pull in bi-api-jushuitan (its job runners do the pull). */
public final class SyncJushuitanJob implements Job {
    /** bi-api-jushuitan's SyncNow for one tenant: true when a job was queued (false: no enabled shop). */
    public interface Trigger {
        boolean syncNow(String tenant);
    }

    private final TenantSource tenants;
    private final Trigger trigger;

    public SyncJushuitanJob(TenantSource tenants, Trigger trigger) {
        this.tenants = tenants;
        this.trigger = trigger;
    }

    @Override
    public String name() {
        return "sync-jushuitan";
    }

    @Override
    public void run(boolean dryRun, Tally tally) {
        PerTenant.forEach(tenants, tally, tenant -> dryRun ? 0 : trigger.syncNow(tenant) ? 1 : 0);
    }
}
