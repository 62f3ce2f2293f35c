package com.bi.sys;

import java.time.Clock;

import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.Settings;
import com.bi.common.data.Jdbc;
import com.bi.common.security.JwtOptions;
import com.bi.common.security.JwtVerifier;
import com.bi.common.security.TokenMinter;
import com.bi.common.server.DeclaredService;
import com.bi.common.server.Platform;
import com.bi.common.maintenance.RetentionPolicy;
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
public final class SysService extends DeclaredService {
    public static final String NAME = SysOptions.CATALOG.service();

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
        super(SysOptions.CATALOG);
        this.tenants = tenants;
    }

    /** bi-sys's use cases, wired. */
    public record Sys(Identity identity, Users users, ApiKeys apiKeys, AuditLog audit, TenantDirectory tenants,
                      TokenMinter tokens) {
    }

    @Override
    public Wiring wire(Platform platform) {
        SysOptions options = SysOptions.from(platform.settings());
        Clock clock = platform.clock();
        TokenMinter tokens = accessTokens(platform);
        TenantDirectory directory = tenants != null ? tenants : platform.tenants();
        Jdbc jdbc = platform.jdbc();
        var users = new JdbcUserRepository(jdbc);
        var sessions = new JdbcSessionRepository(jdbc);
        var apiKeys = new JdbcApiKeyRepository(jdbc);
        var audit = new JdbcAuditLog(jdbc);
        var hasher = new Argon2Hasher(options.argon2MemoryKib(), options.argon2Iterations());
        var policy = new PasswordPolicy(options.passwordMinLength());
        var identitySettings = new Identity.Settings(options.lockoutAttempts(), options.lockoutDuration(),
                options.refreshTtl(), policy);
        var gate = new HashingGate(options.argon2MaxConcurrent(), options.argon2MaxWait());
        Identity identity = new Identity(users, sessions, apiKeys, audit, hasher, tokens, directory, identitySettings, gate, clock);
        identity.bootstrap(options.bootstrapAdminPassword());
        Sys sys = new Sys(identity, new Users(users, sessions, audit, hasher, policy, directory, gate),
                new ApiKeys(apiKeys, audit, clock), audit, directory, tokens);

        Wiring.Builder wiring = Wiring.builder(sys)
                .publicPaths(SysRoutes.PUBLIC_PATHS)
                .http(routing -> SysRoutes.register(routing, new SysRoutes(sys.identity(), sys.users(), sys.apiKeys(), sys.audit())))
                .grpc(new SysGrpcService(sys.users()))
                .retention(platform, new RetentionPolicy("sys-audit", "audit_events", "at", SysOptions.AUDIT_RETENTION));
        if (tenants != null && platform.tenantCheck()) {
            // a directory given by a test replaces bi-tenant, for the edges' suspension check as well
            wiring.tenantGuard(TenantGuard.of(tenants));
        }
        return wiring.build();
    }

    /** Signing keys from BI_JWT_SECRET (and BI_JWT_SECRET_PREVIOUS during a rotation); the shape the platform verifies. */
    public static TokenMinter accessTokens(Platform platform) {
        Settings settings = platform.settings();
        String secret = settings.optional(JwtOptions.SECRET).orElse(null);
        if (secret == null) {
            if (settings.optional(JwtOptions.JWKS_URL).isPresent() || platform.env().isProd()) {
                throw new InvalidConfigException("bi.jwt.secret", "bi-sys signs HS256 tokens and needs BI_JWT_SECRET (at least 32 bytes)");
            }
            secret = JwtVerifier.DEV_SECRET;
        }
        // bi.jwt.secret.previous is read by the platform's verifier (every service, bi-sys too): tokens signed with it
        // keep verifying during a rotation; bi-sys signs with the current secret only
        SysOptions options = SysOptions.from(settings);
        return new TokenMinter(secret, platform.verifier().issuer(), platform.verifier().audience(),
                options.gatewayKey(), options.accessTtl(), options.kidHeader(), Clock.systemUTC());
    }
}
