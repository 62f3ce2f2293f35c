package com.bi.cron.domain;

import java.util.logging.Logger;

/** Runs a step for every active tenant; one tenant's failure is counted and never stops the others. */
public final class PerTenant {
    private static final Logger LOG = Logger.getLogger(PerTenant.class.getName());

    /** The step for one tenant: returns the items it handled. */
    @FunctionalInterface
    public interface Step {
        long run(String tenant) throws Exception;
    }

    private PerTenant() {
    }

    public static void forEach(TenantSource tenants, Tally tally, Step step) {
        for (String tenant : tenants.activeTenants()) {
            tally.tenant();
            try {
                tally.items(step.run(tenant));
            } catch (Exception | LinkageError e) {
                LOG.warning(() -> "tenant " + tenant + " failed: " + Reasons.oneLine(e));
                tally.failed("tenant " + tenant, e);
            }
        }
    }
}
