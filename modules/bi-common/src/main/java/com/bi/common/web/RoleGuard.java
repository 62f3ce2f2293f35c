package com.bi.common.web;

import java.util.Set;

import com.bi.common.error.ApiException;
import com.bi.common.security.Caller;
import com.bi.common.security.Roles;
import io.helidon.webserver.http.Handler;

/**
 * Role checks as a one-line declaration on a route:
 * {@code rules.post("/", RoleGuard.any(Roles.ADMIN, Roles.ANALYST), this::create)}; the role names are {@link Roles}'.
 */
public final class RoleGuard {
    private RoleGuard() {
    }

    public static Handler any(String... roles) {
        return any(Set.of(roles));
    }

    public static Handler any(Set<String> roles) {
        return (req, res) -> {
            Caller caller = Callers.of(req);
            if (!caller.hasAnyRole(roles)) {
                throw ApiException.forbidden("this operation needs one of the roles " + roles.stream().sorted().toList()
                        + "; the caller has " + caller.roles().stream().sorted().toList());
            }
            res.next();
        };
    }
}
