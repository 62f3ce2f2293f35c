package com.bi.sys;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.Settings;
import com.bi.common.data.Jdbc;
import com.bi.common.security.JwtVerifier;
import com.bi.common.grpc.GrpcServices;
import com.bi.common.server.ServiceKit;
import com.bi.common.security.TokenMinter;
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
import com.bi.sys.domain.Identity;
import com.bi.sys.domain.HashingGate;
import com.bi.sys.domain.PasswordPolicy;
import com.bi.sys.domain.Users;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.http.HttpRouting;

/** bi-sys: users and roles, login → JWT, refresh, API keys, audit log. HTTP 8001, gRPC 9001. */
public final class Main {
    public static final String NAME = "bi-sys";

    private Main() {
    }

    public static void main(String[] args) {
        ServiceKit.launch(NAME, Main::start);
    }

    static WebServer start(ServiceKit kit) {
        Sys sys = sys(kit, null);
        return kit.serve(routing -> routing(routing, sys), grpc -> grpc(grpc, sys));
    }

    /** bi-sys's use cases, wired. */
    public record Sys(Identity identity, Users users, ApiKeys apiKeys, AuditLog audit, TenantDirectory tenants,
                      TokenMinter tokens) {
    }

    /**
     * Wires bi-sys on the kit: public auth paths, token signing, PostgreSQL repositories, the bootstrap operator.
     * {@code tenants} replaces the kit's directory (tests: one whose {@code load} answers for bi-tenant); null = the kit's,
     * bi-tenant's GetTenant over gRPC behind its cache, asked with bi-sys's own service token at a login.
     */
    public static Sys sys(ServiceKit kit, TenantDirectory tenants) {
        return sys(kit, tenants, Clock.systemUTC());
    }

    /** As {@link #sys(ServiceKit, TenantDirectory)}, on {@code clock} (tests move time, e.g. past a lockout). */
    public static Sys sys(ServiceKit kit, TenantDirectory tenants, Clock clock) {
        kit.publicPaths(SysRoutes.PUBLIC_PATHS);
        Settings settings = kit.settings();
        TokenMinter tokens = accessTokens(kit);
        if (tenants == null) {
            // production: the kit's own suspension check at both edges (bounded fail-open, counted; see bi-common)
            tenants = kit.tenants();
        } else if (settings.bool("bi.tenant.status.check", true)) {
            // a directory given by a test replaces bi-tenant, for the edges' suspension check as well (the kit's guard)
            kit.tenantGuard(TenantGuard.of(tenants));
        }
        Jdbc jdbc = kit.jdbc();
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
        Identity identity = new Identity(users, sessions, apiKeys, audit, hasher, tokens, tenants, identitySettings, gate, clock);
        identity.bootstrap(settings.optionalString("bi.bootstrap.admin.password"));
        return new Sys(identity, new Users(users, sessions, audit, hasher, policy, tenants, gate),
                new ApiKeys(apiKeys, audit, clock), audit, tenants, tokens);
    }

    /** Signing keys from BI_JWT_SECRET (and BI_JWT_SECRET_PREVIOUS during a rotation); the shape the kit verifies. */
    public static TokenMinter accessTokens(ServiceKit kit) {
        Settings settings = kit.settings();
        String secret = settings.optionalString("bi.jwt.secret").orElse(null);
        if (secret == null) {
            if (settings.optionalString("bi.jwt.jwks.url").isPresent() || kit.env().isProd()) {
                throw new InvalidConfigException("bi.jwt.secret", "bi-sys signs HS256 tokens and needs BI_JWT_SECRET (at least 32 bytes)");
            }
            secret = JwtVerifier.DEV_SECRET;
        }
        // bi.jwt.secret.previous is read by the kit's verifier (every service, bi-sys too): tokens signed with it keep
        // verifying during a rotation; bi-sys signs with the current secret only
        Duration ttl = settings.duration("bi.jwt.access.ttl", Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofHours(12));
        return new TokenMinter(secret, kit.verifier().issuer(), kit.verifier().audience(),
                settings.string("bi.jwt.gateway.key", "bi-sys"), ttl, settings.bool("bi.jwt.kid.header", true),
                Clock.systemUTC());
    }

    public static void routing(HttpRouting.Builder routing, Sys sys) {
        SysRoutes.register(routing, new SysRoutes(sys.identity(), sys.users(), sys.apiKeys(), sys.audit()));
    }

    public static void grpc(GrpcRouting.Builder grpc, Sys sys) {
        // unparsable requests answer INVALID_ARGUMENT instead of hanging the call
        grpc.service(GrpcServices.guarded(new SysGrpcService(sys.users())));
    }
}
