package com.bi.common.security;

import java.util.Set;


/** The platform's role names and the sets routes check them against ({@code com.bi.common.web.RoleGuard}). */
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
}
