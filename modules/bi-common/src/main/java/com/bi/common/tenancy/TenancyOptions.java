package com.bi.common.tenancy;

import java.time.Duration;

import com.bi.common.config.DeployEnv;
import com.bi.common.config.Option;
import com.bi.common.config.OptionGroup;
import com.bi.common.config.Settings;

/** The suspension check against bi-tenant: on or off, how fresh, how long stale answers serve, unverified writes. */
public record TenancyOptions(boolean statusCheck, Duration ttl, Duration maxStale, Duration timeout,
                             UnverifiedWrites unverifiedWrites) {

    /** What the tenant guard does with a write it cannot verify with bi-tenant (nothing younger than max.stale cached). */
    public enum UnverifiedWrites { ALLOW, DENY }

    public static final Option<Boolean> STATUS_CHECK = Option.bool("bi.tenant.status.check", true,
            "refuse (403) the tokens of suspended tenants, asking bi-tenant's GetTenant");
    public static final Option<Duration> TTL = Option.duration("bi.tenant.status.ttl", Duration.ofSeconds(15), Duration.ZERO,
            Duration.ofMinutes(10), "how stale a tenant's cached status may be: the bound within which a suspension reaches every service (bi-tenant itself: at once)");
    public static final Option<Duration> MAX_STALE = Option.duration("bi.tenant.status.max.stale", Duration.ofMinutes(5),
            Duration.ZERO, Duration.ofHours(24), "how long the last answer serves while bi-tenant cannot be reached; every decision made without a fresh answer is counted in bi_tenant_unverified_decisions_total{decision}");
    public static final Option<Duration> TIMEOUT = Option.duration("bi.tenant.status.timeout", Duration.ofSeconds(1),
            Duration.ofMillis(10), Duration.ofSeconds(30), "the longest a request waits for bi-tenant (only while it is believed up; after a failure the cache answers and one background call retries)");
    public static final Option<UnverifiedWrites> UNVERIFIED_WRITES = Option.enumValue("bi.tenant.status.unverified.writes",
            UnverifiedWrites.class, UnverifiedWrites.ALLOW,
            "writes after max.stale without an answer from bi-tenant: DENY = 503 + Retry-After (reads still pass)")
            .defaultText("DENY in prod, ALLOW elsewhere");

    public static final OptionGroup GROUP = OptionGroup.of("tenancy", "Tenant status check", STATUS_CHECK, TTL, MAX_STALE,
            TIMEOUT, UNVERIFIED_WRITES);

    public static TenancyOptions from(Settings s, DeployEnv env) {
        return new TenancyOptions(s.get(STATUS_CHECK), s.get(TTL), s.get(MAX_STALE), s.get(TIMEOUT),
                s.optional(UNVERIFIED_WRITES).orElse(env.isProd() ? UnverifiedWrites.DENY : UnverifiedWrites.ALLOW));
    }
}
