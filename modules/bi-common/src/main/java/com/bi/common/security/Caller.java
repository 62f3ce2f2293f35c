package com.bi.common.security;

import java.util.Set;

import com.bi.common.error.ApiException;
import io.helidon.webserver.http.ServerRequest;

/**
 * Who is calling, from a verified token: the tenant every query is scoped to, the user and the roles.
 * Handlers take the tenant from here and never from the request.
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

    /** The verified caller of this request; 401 if the route was not behind the JWT check. */
    public static Caller of(ServerRequest request) {
        return request.context().get(Caller.class, Caller.class)
                .orElseThrow(() -> ApiException.unauthorized("a bearer token is required"));
    }
}
