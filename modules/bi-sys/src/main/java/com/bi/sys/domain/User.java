package com.bi.sys.domain;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A user of one tenant. The password hash never leaves bi-sys. */
public record User(long id, String tenantId, String username, String displayName, List<String> roles,
                   boolean enabled, Instant lockedUntil, Instant lastLoginAt, long version, Instant createdAt,
                   Instant updatedAt, @JsonIgnore String passwordHash, @JsonIgnore int failedLogins) {
    public User {
        roles = List.copyOf(roles);
    }

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
