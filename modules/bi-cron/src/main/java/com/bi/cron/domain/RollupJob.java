package com.bi.cron.domain;

/**
 * {@code rollup}: ask bi-analysis to rebuild every tenant's pay days and rollups (a durable job there: a request
 * while one waits joins it, so an hourly run never piles up work). Repairs whatever an interrupted ingest or a
 * zone change left behind.
 */
public final class RollupJob implements Job {
    /** bi-analysis's RequestRollupRebuild for one tenant: the queued (or joined) job's id. */
    public interface Rebuilds {
        long request(String tenant, String reason);
    }

    private final TenantSource tenants;
    private final Rebuilds rebuilds;

    public RollupJob(TenantSource tenants, Rebuilds rebuilds) {
        this.tenants = tenants;
        this.rebuilds = rebuilds;
    }

    @Override
    public String name() {
        return "rollup";
    }

    @Override
    public void run(boolean dryRun, Tally tally) {
        PerTenant.forEach(tenants, tally, tenant -> {
            if (dryRun) {
                return 0;
            }
            rebuilds.request(tenant, "bi-cron rollup");
            return 1;
        });
    }
}
