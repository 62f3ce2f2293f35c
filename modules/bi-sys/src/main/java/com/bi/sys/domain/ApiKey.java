package com.bi.sys.domain;

import java.time.Instant;
import java.util.List;

/**
 * An API key of a tenant for machine callers; {@code prefix} identifies it, the secret part is never stored. Holds
 * the key hash: never serialized (the API answers with {@code api.ApiKeyResponse}).
 */
public record ApiKey(long id, String tenantId, String name, String prefix, List<String> scopes, String createdBy,
                     Instant expiresAt, Instant lastUsedAt, Instant revokedAt, Instant createdAt,
                     String keyHash) {
    public ApiKey {
        scopes = List.copyOf(scopes);
    }

    /** Never the hash: a record's default toString would put it in any log line that prints the key. */
    @Override
    public String toString() {
        return "ApiKey[" + id + " " + tenantId + "/" + prefix + "]";
    }

    /** The answer to a create: the key itself, shown this once. */
    public record Created(long id, String name, String prefix, List<String> scopes, Instant expiresAt,
                          Instant createdAt, String key) {
    }
}
