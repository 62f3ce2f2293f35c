package com.bi.sys;

import java.time.Clock;
import java.time.Duration;

import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.Settings;
import com.bi.common.data.Jdbc;
import com.bi.common.security.JwtVerifier;
import com.bi.common.security.TokenMinter;
import com.bi.common.server.Platform;
import com.bi.common.server.Service;
import com.bi.common.server.Wiring;
import com.bi.common.tenancy.TenantDirectory;
import com.bi.common.tenancy.TenantGuard;
import com.bi.sys.api.SysGrpcService;
import com.bi.sys.api.SysRoutes;
import com.bi.sys.data.Argon2Hasher;
import com.bi.sys.data.JdbcApiKeyRepository;
import com.bi.sys.data.JdbcAuditLog;
import com.bi.sys.data.JdbcSessionRepository;
import com.bi.sys.data.JdbcUserRepository;
import com.bi.sys.domain.ApiKeys;
import com.bi.sys.domain.AuditLog;
import com.bi.sys.domain.HashingGate;
import com.bi.sys.domain.Identity;
import com.bi.sys.domain.PasswordPolicy;
import com.bi.sys.domain.Users;

/**
 * bi-sys, declared: users and roles, login → JWT, refresh, API keys, audit log over PostgreSQL; bi-tenant answers
 * whether a tenant exists and is suspended. The auth paths need no token; a bootstrap operator is created on first
 * start when {@code bi.bootstrap.admin.password} is set.
 */
public final class SysService implements Service {
    public static final String NAME = "bi-sys";

    private final TenantDirectory tenants;

    /**
     * Production: the platform's tenant directory — bi-tenant's GetTenant over gRPC behind its bounded-staleness cache,
     * asked with bi-sys's own service token at a login (there is no caller token yet).
     */
    public SysService() {
        this(null);
    }

    /**
     * With {@code tenants} in place of the platform's (tests: one whose {@code load} answers for bi-tenant); it answers
     * the edges' suspension check too.
     */
    public SysService(TenantDirectory tenants) {
        this.tenants = tenants;
    }

    /** bi-sys's use cases, wired. */
    public record Sys(Identity identity, Users users, ApiKeys apiKeys, AuditLog audit, TenantDirectory tenants,
                      TokenMinter tokens) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Wiring wire(Platform platform) {
        Settings settings = platform.settings();
        Clock clock = platform.clock();
        TokenMinter tokens = accessTokens(platform);
        TenantDirectory directory = tenants != null ? tenants : platform.tenants();
        Jdbc jdbc = platform.jdbc();
        var users = new JdbcUserRepository(jdbc);
        var sessions = new JdbcSessionRepository(jdbc);
        var apiKeys = new JdbcApiKeyRepository(jdbc);
        var audit = new JdbcAuditLog(jdbc);
        var hasher = new Argon2Hasher(settings.intInRange("bi.sys.argon2.memory.kib", 19456, 1024, 1048576),
                settings.intInRange("bi.sys.argon2.iterations", 2, 1, 20));
        var policy = new PasswordPolicy(settings.intInRange("bi.sys.password.min.length", 12, 8, 128));
        var identitySettings = new Identity.Settings(
                settings.intInRange("bi.sys.lockout.attempts", 5, 1, 100),
                settings.duration("bi.sys.lockout.duration", Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofDays(1)),
                settings.duration("bi.sys.refresh.ttl", Duration.ofDays(7), Duration.ofMinutes(1), Duration.ofDays(90)),
                policy);
        var gate = new HashingGate(settings.intInRange("bi.sys.argon2.max.concurrent", 4, 1, 1024),
                settings.duration("bi.sys.argon2.max.wait", Duration.ofSeconds(2), Duration.ZERO, Duration.ofSeconds(30)));
        Identity identity = new Identity(users, sessions, apiKeys, audit, hasher, tokens, directory, identitySettings, gate, clock);
        identity.bootstrap(settings.optionalString("bi.bootstrap.admin.password"));
        Sys sys = new Sys(identity, new Users(users, sessions, audit, hasher, policy, directory, gate),
                new ApiKeys(apiKeys, audit, clock), audit, directory, tokens);

        Wiring.Builder wiring = Wiring.builder(sys)
                .publicPaths(SysRoutes.PUBLIC_PATHS)
                .http(routing -> SysRoutes.register(routing, new SysRoutes(sys.identity(), sys.users(), sys.apiKeys(), sys.audit())))
                .grpc(new SysGrpcService(sys.users()));
        if (tenants != null && platform.tenantCheck()) {
            // a directory given by a test replaces bi-tenant, for the edges' suspension check as well
            wiring.tenantGuard(TenantGuard.of(tenants));
        }
        return wiring.build();
    }

    /** Signing keys from BI_JWT_SECRET (and BI_JWT_SECRET_PREVIOUS during a rotation); the shape the platform verifies. */
    public static TokenMinter accessTokens(Platform platform) {
        Settings settings = platform.settings();
        String secret = settings.optionalString("bi.jwt.secret").orElse(null);
        if (secret == null) {
            if (settings.optionalString("bi.jwt.jwks.url").isPresent() || platform.env().isProd()) {
                throw new InvalidConfigException("bi.jwt.secret", "bi-sys signs HS256 tokens and needs BI_JWT_SECRET (at least 32 bytes)");
            }
            secret = JwtVerifier.DEV_SECRET;
        }
        // bi.jwt.secret.previous is read by the platform's verifier (every service, bi-sys too): tokens signed with it
        // keep verifying during a rotation; bi-sys signs with the current secret only
        Duration ttl = settings.duration("bi.jwt.access.ttl", Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofHours(12));
        return new TokenMinter(secret, platform.verifier().issuer(), platform.verifier().audience(),
                settings.string("bi.jwt.gateway.key", "bi-sys"), ttl, settings.bool("bi.jwt.kid.header", true),
                Clock.systemUTC());
    }
}
