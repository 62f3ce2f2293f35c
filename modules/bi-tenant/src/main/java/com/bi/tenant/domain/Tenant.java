package com.bi.tenant.domain;

import java.time.Instant;

import com.bi.common.crud.Versioned;

/** A tenant: its code is the {@code tenant_id} of its users' tokens and of every row the platform stores for it. */
public record Tenant(long id, String code, String name, TenantStatus status, String statusReason, Plan plan,
                     Quotas quotas, String timeZone, long version, Instant createdAt, Instant updatedAt)
        implements Versioned {

    /** What a tenant may have: shops (enforced by bi-basic), users (enforced by bi-sys), API requests per minute. */
    public record Quotas(int shops, int users, int apiRatePerMinute) {
    }

    public boolean active() {
        return status == TenantStatus.ACTIVE;
    }
}
