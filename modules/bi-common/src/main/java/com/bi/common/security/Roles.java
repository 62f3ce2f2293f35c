package com.bi.common.security;

import java.util.Set;

import com.bi.common.error.ApiException;
import io.helidon.webserver.http.Handler;

/**
 * Role checks as a one-line declaration on a route:
 * {@code rules.post("/", Roles.any(Roles.ADMIN, Roles.ANALYST), this::create)}.
 */
public final class Roles {
    public static final String PLATFORM_ADMIN = "PLATFORM_ADMIN";
    public static final String ADMIN = "ADMIN";
    public static final String ANALYST = "ANALYST";
    public static final String VIEWER = "VIEWER";
    /** A platform service acting for a tenant in background work (see {@link ServiceTokens}); never a user's role. */
    public static final String SERVICE = "SERVICE";

    /** Anyone of the tenant may read. */
    public static final Set<String> READ = Set.of(VIEWER, ANALYST, ADMIN, PLATFORM_ADMIN);
    /** Analysts and admins change the tenant's data. */
    public static final Set<String> WRITE = Set.of(ANALYST, ADMIN, PLATFORM_ADMIN);
    /** Machine-to-machine writes (order ingestion, triggered jobs): services and admins. */
    public static final Set<String> MACHINE = Set.of(SERVICE, ADMIN, PLATFORM_ADMIN);

    private Roles() {
    }

    public static Handler any(String... roles) {
        return any(Set.of(roles));
    }

    public static Handler any(Set<String> roles) {
        return (req, res) -> {
            Caller caller = Caller.of(req);
            if (!caller.hasAnyRole(roles)) {
                throw ApiException.forbidden("this operation needs one of the roles " + roles.stream().sorted().toList()
                        + "; the caller has " + caller.roles().stream().sorted().toList());
            }
            res.next();
        };
    }
}
