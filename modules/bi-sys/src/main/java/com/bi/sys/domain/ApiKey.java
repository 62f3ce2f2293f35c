package com.bi.sys.domain;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** An API key of a tenant for machine callers; {@code prefix} identifies it, the secret part is never stored. */
public record ApiKey(long id, String tenantId, String name, String prefix, List<String> scopes, String createdBy,
                     Instant expiresAt, Instant lastUsedAt, Instant revokedAt, Instant createdAt,
                     @JsonIgnore String keyHash) {
    public ApiKey {
        scopes = List.copyOf(scopes);
    }

    /** The answer to a create: the key itself, shown this once. */
    public record Created(long id, String name, String prefix, List<String> scopes, Instant expiresAt,
                          Instant createdAt, String key) {
    }
}
