package com.bi.jushuitan.domain;

import java.time.Instant;

/**
 * A shop's credentials as a tenant may see them (no secret: {@link Shop} holds those and never leaves the service)
 * and where its sync stands. {@code tsCursor} is null while the backfill runs.
 */
public record ShopStatus(long id, String shopId, String platform, String appKey, String baseUrl, boolean enabled,
                         Instant checkpoint, String status, Instant lastRunAt, Instant lastSuccessAt, String lastError,
                         long ordersTotal, long rejectedTotal, Long tsCursor, long quarantined) {
    /** BACKFILL until the backfill reached now − lag, then INCREMENTAL (row-version cursor). */
    public String mode() {
        return tsCursor == null ? "BACKFILL" : "INCREMENTAL";
    }
}
