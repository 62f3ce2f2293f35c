package com.bi.common.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.bi.common.config.DeployEnv;
import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.ServerOptions;
import com.bi.common.config.Settings;

/**
 * A service identity for background work (inbox processors, scheduled pulls, Kafka consumers, bi-cron) that calls
 * peers with no user request around it: a short-lived token for one tenant with the role {@link Roles#SERVICE},
 * subject {@code service:<name>}, signed with the platform's shared {@code BI_JWT_SECRET} (the development secret
 * outside prod when neither it nor a JWKS is set, as the verifier does; never silently when a JWKS is configured).
 * Peers accept it like any token and scope it to the tenant. Signed by the platform's one {@link TokenMinter}, so it
 * carries the secret's {@code kid} and rotates like a user token: while peers verify with the new and the previous
 * secret ({@code BI_JWT_SECRET_PREVIOUS}), tokens of either keep working.
 */
public final class ServiceTokens {
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(ServiceTokens.class.getName());

    private final TokenMinter minter;
    private final String service;
    private final Map<String, Minted> cache = new ConcurrentHashMap<>();

    private record Minted(String token, Instant renewAfter) {
    }

    /**
     * @throws InvalidConfigException naming {@code bi.jwt.secret} when there is no secret to sign with: none set
     *         while {@code bi.jwt.jwks.url} is (peers would refuse a token signed with the development secret, and must),
     *         none set in prod, the development secret in prod, or a secret shorter than 32 bytes
     */
    public ServiceTokens(Settings settings, String service) {
        DeployEnv env = DeployEnv.parse(settings.get(ServerOptions.DEPLOY_ENV));
        JwtOptions options = JwtOptions.from(settings, env);
        String secret = options.secret().orElse(null);
        if (secret == null) {
            if (options.jwksUrl().isPresent()) {
                throw new InvalidConfigException(JwtOptions.SECRET.key(), "is needed to sign this service's own tokens (HS256) for"
                        + " calls to peers; only BI_JWT_JWKS_URL is set, whose keys can verify but not sign. Set BI_JWT_SECRET"
                        + " to the secret the peers accept");
            }
            if (env.isProd()) {
                throw new InvalidConfigException(JwtOptions.SECRET.key(), "is required in prod to sign this service's own tokens");
            }
            LOG.warning("!!! INSECURE: service tokens are signed with the public development secret (no BI_JWT_SECRET) !!!");
            secret = JwtVerifier.DEV_SECRET;
        } // else JwtOptions refused a short secret and, in prod, the development one
        this.minter = new TokenMinter(secret, options.issuer(), options.audience());
        this.service = service;
    }

    /** A token of {@code tenantId} for this service, reused until half its lifetime has passed. */
    public String token(String tenantId) {
        Minted minted = cache.compute(tenantId, (tenant, current) -> current != null && Instant.now().isBefore(current.renewAfter())
                ? current
                : new Minted(minter.token(tenant, "service:" + service, List.of(Roles.SERVICE), TTL),
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
