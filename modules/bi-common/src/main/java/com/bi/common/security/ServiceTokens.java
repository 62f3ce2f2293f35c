package com.bi.common.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.bi.common.config.Settings;

/**
 * A service identity for background work (inbox processors, scheduled pulls, Kafka consumers, bi-cron) that calls
 * peers with no user request around it: a short-lived token for one tenant with the role {@link Roles#SERVICE},
 * subject {@code service:<name>}, signed with the platform's shared {@code BI_JWT_SECRET} (the development secret
 * outside prod when none is set, as the verifier does). Peers accept it like any token and scope it to the tenant.
 */
public final class ServiceTokens {
    private static final Duration TTL = Duration.ofMinutes(5);

    private final JwtIssuer issuer;
    private final String service;
    private final Map<String, Minted> cache = new ConcurrentHashMap<>();

    private record Minted(String token, Instant renewAfter) {
    }

    public ServiceTokens(Settings settings, String service) {
        String secret = settings.optionalString("bi.jwt.secret").orElse(JwtVerifier.DEV_SECRET);
        this.issuer = new JwtIssuer(secret, settings.string("bi.jwt.issuer", "bi-sys"),
                settings.string("bi.jwt.audience", "bi-platform"));
        this.service = service;
    }

    /** A token of {@code tenantId} for this service, reused until half its lifetime has passed. */
    public String token(String tenantId) {
        Minted minted = cache.compute(tenantId, (tenant, current) -> current != null && Instant.now().isBefore(current.renewAfter())
                ? current
                : new Minted(issuer.issue(tenant, "service:" + service, List.of(Roles.SERVICE), TTL),
                        Instant.now().plus(TTL.dividedBy(2))));
        return minted.token();
    }

    /** Runs {@code call} with this tenant's service token bound, so the kit's peer channels send it. */
    public <T> T as(String tenantId, Supplier<T> call) {
        String previous = CallerToken.current();
        CallerToken.bind(token(tenantId));
        try {
            return call.get();
        } finally {
            CallerToken.bind(previous);
        }
    }
}
