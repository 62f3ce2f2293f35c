package com.bi.tenant.domain;

/** A replacement of a tenant's changeable fields (everything but the code and the status). */
public record TenantChanges(String name, Plan plan, Integer maxShops, Integer maxUsers, Integer apiRatePerMinute,
                            String timeZone) {
    /** Validated through the same rules as a new tenant. */
    public TenantDraft validated(String code) {
        return new TenantDraft(code, name, plan, maxShops, maxUsers, apiRatePerMinute, timeZone);
    }
}
