package com.bi.common.tenancy;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

import com.bi.common.error.ApiException;
import com.bi.common.security.Caller;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;

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

    /**
     * As {@link #check(Caller, String)}, knowing whether the request changes something ({@code write}: an HTTP method
     * other than GET/HEAD/OPTIONS, a gRPC method not named Get…/List…/Query…/Check…/Watch…). A guard that must decide
     * without bi-tenant may treat reads and writes differently; the default ignores the difference.
     */
    default void check(Caller caller, String bearerToken, boolean write) {
        check(caller, bearerToken);
    }

    static ApiException suspended(String tenant) {
        return ApiException.forbidden("tenant '" + tenant + "' is suspended; its tokens are refused");
    }

    /** As {@link #of(TenantDirectory, boolean, MeterRegistry)}, letting writes through without bi-tenant. */
    static TenantGuard of(TenantDirectory directory) {
        return of(directory, false, Metrics.globalRegistry());
    }

    /**
     * The default guard: the directory's answer, refusing suspended tenants. When bi-tenant cannot answer now, the
     * decision is made without it — an explicit, bounded choice, each such decision counted in
     * {@code bi_tenant_unverified_decisions_total{decision="allow|deny"}} and logged at most once a minute:
     * <ul>
     *   <li>its last answer younger than {@code bi.tenant.status.max.stale} decides (a suspended tenant stays refused);</li>
     *   <li>with nothing that recent, reads are let through (the platform's availability does not hang on bi-tenant)
     *       and writes too unless {@code failClosedWrites} (prod's default): then they get 503.</li>
     * </ul>
     */
    static TenantGuard of(TenantDirectory directory, boolean failClosedWrites, MeterRegistry registry) {
        return new DirectoryGuard(directory, failClosedWrites, registry);
    }

    /** The guard over the {@link TenantDirectory}: see {@link #of(TenantDirectory, boolean, MeterRegistry)}. */
    final class DirectoryGuard implements TenantGuard {
        private static final Logger LOG = Logger.getLogger(TenantGuard.class.getName());
        private final TenantDirectory directory;
        private final boolean failClosedWrites;
        private final Counter allowed;
        private final Counter denied;
        private final AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.EPOCH);

        private DirectoryGuard(TenantDirectory directory, boolean failClosedWrites, MeterRegistry registry) {
            this.directory = directory;
            this.failClosedWrites = failClosedWrites;
            this.allowed = counter(registry, "allow");
            this.denied = counter(registry, "deny");
        }

        private static Counter counter(MeterRegistry registry, String decision) {
            return registry.getOrCreate(Counter.builder("bi.tenant.unverified.decisions")
                    .description("Access decisions made without a fresh answer from bi-tenant")
                    .tags(List.of(Tag.create("decision", decision))));
        }

        /** Without knowing whether the request writes: treated as a write (the stricter choice). */
        @Override
        public void check(Caller caller, String bearerToken) {
            check(caller, bearerToken, true);
        }

        @Override
        public void check(Caller caller, String bearerToken, boolean write) {
            TenantDirectory.Answer answer = directory.lookup(caller.tenantId(), bearerToken);
            boolean suspended = answer.tenant().map(TenantInfo::suspended).orElse(false);
            if (answer.verified()) {
                if (suspended) {
                    throw suspended(caller.tenantId());
                }
                return;
            }
            if (answer.source() == TenantDirectory.Source.STALE) {
                (suspended ? denied : allowed).increment();
                warn("deciding from bi-tenant's answer of " + answer.fetched() + ": " + answer.problem());
                if (suspended) {
                    throw suspended(caller.tenantId());
                }
                return;
            }
            if (write && failClosedWrites) {
                denied.increment();
                warn("refusing writes, letting reads through: " + answer.problem());
                throw new ApiException(503, "Service Unavailable", "the status of tenant '" + caller.tenantId()
                        + "' cannot be verified now (the tenant service is unavailable); changes are refused until it"
                        + " answers, reads still work — retry later").retryAfter(5);
            }
            allowed.increment();
            warn("letting " + (write ? "writes and reads" : "reads") + " through: " + answer.problem());
        }

        private void warn(String message) {
            Instant now = Instant.now();
            Instant last = lastWarning.get();
            if (now.isAfter(last.plusSeconds(60)) && lastWarning.compareAndSet(last, now)) {
                LOG.warning("cannot check tenant suspension with bi-tenant; " + message);
            }
        }
    }
}
