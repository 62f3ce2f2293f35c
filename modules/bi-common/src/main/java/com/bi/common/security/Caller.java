package com.bi.common.security;

import java.util.Set;

/**
 * Who is calling, from a verified token: the tenant every query is scoped to, the user and the roles.
 * Handlers take the tenant from here ({@code com.bi.common.web.Callers}) and never from the request.
 */
public record Caller(String tenantId, String userId, Set<String> roles) {
    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean hasAnyRole(Set<String> wanted) {
        for (String role : wanted) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }
}
