package com.bi.sys.api;

import java.time.Instant;
import java.util.List;

import com.bi.common.crud.Page;
import com.bi.sys.domain.ApiKey;

/** An API key as the API lists it: never its hash (the domain {@link ApiKey} holds it to verify keys). */
record ApiKeyResponse(long id, String tenantId, String name, String prefix, List<String> scopes, String createdBy,
                      Instant expiresAt, Instant lastUsedAt, Instant revokedAt, Instant createdAt) {
    static ApiKeyResponse of(ApiKey k) {
        return new ApiKeyResponse(k.id(), k.tenantId(), k.name(), k.prefix(), k.scopes(), k.createdBy(), k.expiresAt(),
                k.lastUsedAt(), k.revokedAt(), k.createdAt());
    }

    /** The answer to a create: the key itself, shown this once (the only time the API returns a secret). */
    record Created(long id, String name, String prefix, List<String> scopes, Instant expiresAt, Instant createdAt, String key) {
        static Created of(ApiKey.Created c) {
            return new Created(c.id(), c.name(), c.prefix(), c.scopes(), c.expiresAt(), c.createdAt(), c.key());
        }
    }

    static Page<ApiKeyResponse> of(Page<ApiKey> page) {
        return new Page<>(page.items().stream().map(ApiKeyResponse::of).toList(), page.page(), page.size(), page.total());
    }
}
