package com.bi.common.tenancy;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

import com.bi.common.error.ApiException;
import com.bi.common.security.Caller;

/**
 * Runs right after a token is verified, in every service (HTTP and gRPC edges): refuses (403) the tokens of a
 * suspended tenant. The default asks the {@link TenantDirectory}; bi-tenant, the source of truth, plugs in its own.
 */
@FunctionalInterface
public interface TenantGuard {
    /** Lets everything through (the check is off: {@code bi.tenant.status.check=false}). */
    TenantGuard NONE = (caller, token) -> { };

    /** Throws a 403 {@link ApiException} when the caller's tenant may not use the platform. */
    void check(Caller caller, String bearerToken);

    static ApiException suspended(String tenant) {
        return ApiException.forbidden("tenant '" + tenant + "' is suspended; its tokens are refused");
    }

    /**
     * The default guard: the directory's answer, refusing suspended tenants. When bi-tenant cannot be asked and
     * nothing recent is cached the request is let through (fail-open, logged at most once a minute): the platform's
     * availability does not hang on bi-tenant, and the bound holds whenever bi-tenant answers.
     */
    static TenantGuard of(TenantDirectory directory) {
        Logger log = Logger.getLogger(TenantGuard.class.getName());
        AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.EPOCH);
        return (caller, token) -> {
            boolean suspended;
            try {
                suspended = directory.find(caller.tenantId(), token).map(TenantInfo::suspended).orElse(false);
            } catch (TenantDirectory.Unavailable e) {
                Instant now = Instant.now();
                Instant last = lastWarning.get();
                if (now.isAfter(last.plusSeconds(60)) && lastWarning.compareAndSet(last, now)) {
                    log.warning("cannot check tenant suspension (letting requests through): " + e.getMessage());
                }
                return;
            }
            if (suspended) {
                throw suspended(caller.tenantId());
            }
        };
    }
}
