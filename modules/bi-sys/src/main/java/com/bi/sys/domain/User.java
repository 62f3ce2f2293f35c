package com.bi.sys.domain;

import java.time.Instant;
import java.util.List;

/** A user of one tenant. Holds the password hash: never serialized (the API answers with {@code api.UserResponse}). */
public record User(long id, String tenantId, String username, String displayName, List<String> roles,
                   boolean enabled, Instant lockedUntil, Instant lastLoginAt, long version, Instant createdAt,
                   Instant updatedAt, String passwordHash, int failedLogins) {
    public User {
        roles = List.copyOf(roles);
    }

    /** Never the hash: a record's default toString would put it in any log line that prints the user. */
    @Override
    public String toString() {
        return "User[" + id + " " + tenantId + "/" + username + "]";
    }

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
