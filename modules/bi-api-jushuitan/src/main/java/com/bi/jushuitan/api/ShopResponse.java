package com.bi.jushuitan.api;

import java.time.Instant;

import com.bi.jushuitan.domain.ShopStatus;

/**
 * A shop as {@code GET /shops} shows it. The secrets are shown only as a mask (they are set, never what they are):
 * the answer is built from {@link ShopStatus}, which holds none.
 */
record ShopResponse(long id, String shopId, String platform, String appKey, String appSecret, String accessToken, String baseUrl,
                    boolean enabled, String checkpoint, String status, String lastRunAt, String lastSuccessAt, String lastError,
                    long ordersTotal, long rejectedTotal, String mode, Long tsCursor, long quarantined, String action) {
    static final String MASK = "********";

    static ShopResponse of(ShopStatus s, String action) {
        return new ShopResponse(s.id(), s.shopId(), s.platform(), s.appKey(), MASK, MASK, s.baseUrl(), s.enabled(),
                text(s.checkpoint()), s.status(), text(s.lastRunAt()), text(s.lastSuccessAt()), s.lastError(), s.ordersTotal(),
                s.rejectedTotal(), s.mode(), s.tsCursor(), s.quarantined(), action);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
