package com.bi.jushuitan.domain;

import java.time.Instant;

/**
 * A shop's Jushuitan credentials (decrypted, in memory only) and where its sync stands. {@code readable} is false
 * when the stored secrets cannot be opened with the configured keys: then {@code appSecret} and {@code accessToken}
 * are null and the shop gets its own status instead of failing its neighbours.
 */
public record Shop(long id, String tenantId, String shopId, String platform, String appKey, String appSecret,
                   String accessToken, String baseUrl, boolean enabled, Instant checkpoint, Long tsCursor,
                   Long maxTsSeen, boolean readable) {
    /** What the tenant is told to do about unreadable credentials. */
    public static final String UNREADABLE = "the stored credentials cannot be decrypted with the configured BI_CRYPTO_KEY: "
            + "if the key was rotated, set the old key as BI_CRYPTO_KEY_PREVIOUS (they are re-sealed with the new key "
            + "automatically); otherwise enter them again with PUT /api/jushuitan/v1/shops/{id}/credentials";

    @Override
    public String toString() {
        return "Shop[" + id + " " + tenantId + "/" + shopId + "]"; // never the secrets
    }
}
