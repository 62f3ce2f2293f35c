package com.bi.sys.domain;

import java.util.Set;

import com.bi.common.security.Caller;

/** Who performs a use case: the verified caller and the client address (for the audit log). */
public record Actor(String tenantId, String subject, Set<String> roles, String ip) {
    public static Actor of(Caller caller, String ip) {
        return new Actor(caller.tenantId(), caller.userId(), caller.roles(), ip);
    }

    public boolean platformAdmin() {
        return roles.contains(com.bi.common.security.Roles.PLATFORM_ADMIN);
    }
}
