package com.bi.sys.api;

import java.time.Instant;
import java.util.List;

import com.bi.common.crud.Page;
import com.bi.sys.domain.User;

/**
 * A user as the API shows it. The domain {@link User} holds the password hash and the failure count; this record
 * has no such field, so no annotation can be forgotten and a new domain field stays private until added here.
 */
record UserResponse(long id, String tenantId, String username, String displayName, List<String> roles, boolean enabled,
                    Instant lockedUntil, Instant lastLoginAt, long version, Instant createdAt, Instant updatedAt) {
    static UserResponse of(User u) {
        return new UserResponse(u.id(), u.tenantId(), u.username(), u.displayName(), u.roles(), u.enabled(), u.lockedUntil(),
                u.lastLoginAt(), u.version(), u.createdAt(), u.updatedAt());
    }

    static Page<UserResponse> of(Page<User> page) {
        return new Page<>(page.items().stream().map(UserResponse::of).toList(), page.page(), page.size(), page.total());
    }
}
