package com.bi.jushuitan.domain;

import java.time.Instant;

/** A shop's Jushuitan credentials (decrypted, in memory only) and where its sync stands. */
public record Shop(long id, String tenantId, String shopId, String platform, String appKey, String appSecret,
                   String accessToken, String baseUrl, boolean enabled, Instant checkpoint) {
    @Override
    public String toString() {
        return "Shop[" + id + " " + tenantId + "/" + shopId + "]"; // never the secrets
    }
}
