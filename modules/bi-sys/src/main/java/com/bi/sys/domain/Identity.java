package com.bi.sys.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

import com.bi.common.error.ApiException;
import com.bi.common.security.Roles;
import com.bi.common.security.TokenMinter;
import com.bi.common.tenancy.TenantDirectory;
import com.bi.common.tenancy.TenantInfo;
import com.bi.sys.domain.AuditEvent.Type;

/**
 * Authentication: login with lockout, refresh-token rotation with reuse detection, logout, API-key exchange, and
 * the bootstrap operator. Failures never say whether the tenant or the username exists.
 */
public final class Identity {
    public static final String PLATFORM_TENANT = "platform";
    public static final String BOOTSTRAP_USER = "admin";
    public static final Set<String> ALL_ROLES = Set.of(Roles.ADMIN, Roles.ANALYST, Roles.VIEWER, Roles.PLATFORM_ADMIN);
    private static final Logger LOG = Logger.getLogger(Identity.class.getName());
    private static final String BAD_CREDENTIALS = "the tenant, username or password is not correct";

    /** Policy knobs (bi.sys.* config). */
    public record Settings(int maxFailures, Duration lockFor, Duration refreshTtl, PasswordPolicy policy) {
    }

    /** The login answer (OAuth2-style field names on the wire). */
    public record Tokens(String accessToken, String refreshToken, long expiresIn, String tokenType) {
    }

    private final UserRepository users;
    private final SessionRepository sessions;
    private final ApiKeyRepository apiKeys;
    private final AuditLog audit;
    private final PasswordHasher hasher;
    private final TokenMinter tokens;
    private final TenantDirectory tenants;
    private final Settings settings;
    private final HashingGate gate;
    private final Clock clock;

    public Identity(UserRepository users, SessionRepository sessions, ApiKeyRepository apiKeys, AuditLog audit,
                    PasswordHasher hasher, TokenMinter tokens, TenantDirectory tenants, Settings settings,
                    HashingGate gate, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.apiKeys = apiKeys;
        this.audit = audit;
        this.hasher = hasher;
        this.tokens = tokens;
        this.tenants = tenants;
        this.settings = settings;
        this.gate = gate;
        this.clock = clock;
    }

    /**
     * Creates {@code platform/admin} (PLATFORM_ADMIN) with {@code password} when no such user exists. Without a
     * password and without any operator, logs how to create one. Never fails the start.
     */
    public void bootstrap(Optional<String> password) {
        if (users.findByUsername(PLATFORM_TENANT, BOOTSTRAP_USER).isPresent()) {
            password.ifPresent(p -> LOG.info("platform/admin exists; BI_BOOTSTRAP_ADMIN_PASSWORD is ignored (change the "
                    + "password with POST /api/sys/v1/me/password) and can be removed"));
            return;
        }
        if (password.isEmpty()) {
            if (!users.anyWithRole(PLATFORM_TENANT, Roles.PLATFORM_ADMIN)) {
                LOG.warning("no platform operator exists and BI_BOOTSTRAP_ADMIN_PASSWORD is not set: no admin was created. "
                        + "To create 'admin' in tenant 'platform', restart bi-sys once with BI_BOOTSTRAP_ADMIN_PASSWORD set "
                        + "(at least " + settings.policy().minLength() + " characters, three character classes; in the chart: "
                        + "the BI_BOOTSTRAP_ADMIN_PASSWORD key of the platform Secret)");
            }
            return;
        }
        Optional<String> problem = settings.policy().problem(password.get(), BOOTSTRAP_USER);
        if (problem.isPresent()) {
            LOG.severe("BI_BOOTSTRAP_ADMIN_PASSWORD is refused (" + problem.get() + "): no admin was created");
            return;
        }
        User admin = users.insert(PLATFORM_TENANT, BOOTSTRAP_USER, "Platform administrator", hasher.hash(password.get()),
                List.of(Roles.PLATFORM_ADMIN));
        audit.record(PLATFORM_TENANT, Type.BOOTSTRAP_ADMIN_CREATED, "bi-sys", "user:" + admin.id(), null, null);
        LOG.info("created the bootstrap operator platform/admin (PLATFORM_ADMIN)");
    }

    public Tokens login(Requests.Login request, String ip) {
        Optional<TenantInfo> tenant = tenantStatus(request.tenant());
        if (tenant.isPresent() && tenant.get().suspended()) {
            audit.record(request.tenant(), Type.LOGIN_REFUSED, request.username(), null, ip, "tenant suspended");
            throw ApiException.forbidden("tenant '" + request.tenant() + "' is suspended; its users cannot log in");
        }
        Optional<User> found = users.findByUsername(request.tenant(), request.username());
        // the slot is taken before the attempt is counted: a saturated service refuses (503) without counting
        User user = gate.run(() -> found.isPresent() ? verify(found.get(), request, ip) : verifyUnknown(request, ip));
        users.recordSuccess(user.tenantId(), user.id());
        audit.record(user.tenantId(), Type.LOGIN_SUCCEEDED, user.username(), "user:" + user.id(), ip, null);
        return startSession(user, UUID.randomUUID().toString());
    }

    /**
     * The attempt is reserved (counted as a failure, or refused while locked) before Argon2 runs, so parallel
     * guesses get no more tries than the limit, and a correct one on a locked account is refused unverified.
     */
    private User verify(User user, Requests.Login request, String ip) {
        Instant now = clock.instant();
        LoginAttempt attempt = users.reserveAttempt(user.tenantId(), user.id(), now, settings.maxFailures(),
                now.plus(settings.lockFor()));
        if (!attempt.allowed()) {
            audit.record(user.tenantId(), Type.LOGIN_REFUSED, user.username(), "user:" + user.id(), ip, "account locked");
            throw locked(attempt.lockedUntil(), now);
        }
        boolean correct = hasher.verify(request.password(), user.passwordHash());
        if (correct && user.enabled()) {
            return user;
        }
        // a disabled user's correct password counts and answers exactly like a wrong one
        audit.record(user.tenantId(), correct ? Type.LOGIN_REFUSED : Type.LOGIN_FAILED, user.username(),
                "user:" + user.id(), ip, (correct ? "user disabled" : "wrong password") + " (" + attempt.failedLogins()
                        + " in a row)");
        if (attempt.lockedAt(now)) {
            audit.record(user.tenantId(), Type.ACCOUNT_LOCKED, "bi-sys", "user:" + user.id(), ip,
                    attempt.failedLogins() + " failed logins");
            throw locked(attempt.lockedUntil(), now);
        }
        throw ApiException.unauthorized(BAD_CREDENTIALS);
    }

    /** An unknown tenant or username: the same count, lock, Argon2 time and answers as a wrong password. */
    private User verifyUnknown(Requests.Login request, String ip) {
        Instant now = clock.instant();
        LoginAttempt attempt = users.reserveAttemptOfUnknown(request.tenant(), request.username(), now,
                settings.maxFailures(), now.plus(settings.lockFor()));
        if (!attempt.allowed()) {
            audit.record(request.tenant(), Type.LOGIN_REFUSED, request.username(), null, ip, "unknown user; name locked");
            throw locked(attempt.lockedUntil(), now);
        }
        hasher.dummyVerify(request.password());
        audit.record(request.tenant(), Type.LOGIN_FAILED, request.username(), null, ip,
                "unknown user (" + attempt.failedLogins() + " in a row)");
        if (attempt.lockedAt(now)) {
            throw locked(attempt.lockedUntil(), now);
        }
        throw ApiException.unauthorized(BAD_CREDENTIALS);
    }

    /**
     * Rotates a refresh token: the old one is spent; presenting a spent one revokes its whole session. Spending,
     * storing the successor and revoking are decided together under the session's lock, so a racing reuse or
     * logout leaves no usable token in the session.
     */
    public Tokens refresh(Requests.Refresh request, String ip) {
        SessionRepository.RefreshToken token = sessions.findByHash(Secrets.sha256(request.refreshToken()))
                .orElseThrow(() -> ApiException.unauthorized("the refresh token is not valid; log in again"));
        if (token.revokedAt() != null) {
            throw revoked();
        }
        if (token.usedAt() == null && !token.expiresAt().isAfter(clock.instant())) {
            throw ApiException.unauthorized("the refresh token has expired; log in again");
        }
        User user = users.find(token.tenantId(), token.userId()).filter(User::enabled)
                .orElseThrow(() -> ApiException.unauthorized("the refresh token's user no longer exists or is disabled"));
        Optional<TenantInfo> tenant = tenantStatus(user.tenantId());
        if (tenant.isPresent() && tenant.get().suspended()) {
            sessions.revokeFamily(token.familyId());
            throw ApiException.forbidden("tenant '" + user.tenantId() + "' is suspended; its users cannot log in");
        }
        String next = newRefreshToken();
        switch (sessions.rotate(token.id(), token.familyId(), Secrets.sha256(next), clock.instant().plus(settings.refreshTtl()))) {
            case REVOKED -> throw revoked();
            case REUSED -> {
                audit.record(token.tenantId(), Type.REFRESH_TOKEN_REUSED, "user:" + token.userId(),
                        "session:" + token.familyId(), ip, "the session is revoked");
                throw ApiException.unauthorized("the refresh token was already used: it may have been stolen, so its "
                        + "whole session is revoked; log in again");
            }
            case ROTATED -> {
                return accessTokens(user, token.familyId(), next);
            }
            default -> throw new IllegalStateException();
        }
    }

    /** Revokes the session of a refresh token (idempotent: an unknown token is fine). */
    public void logout(Requests.Refresh request, String ip) {
        sessions.findByHash(Secrets.sha256(request.refreshToken())).ifPresent(token -> {
            sessions.revokeFamily(token.familyId());
            audit.record(token.tenantId(), Type.LOGOUT, "user:" + token.userId(), "session:" + token.familyId(), ip, null);
        });
    }

    /**
     * Exchanges an API key ({@code bik_<prefix>_<secret>}) for a short-lived access token with the key's scopes. A key
     * lives no longer than its creator: a disabled or deleted creator, or one who may no longer grant the key's
     * scopes, ends it.
     */
    public Tokens apiKeyToken(String key) {
        String[] parts = key == null ? new String[0] : key.trim().split("_", 3);
        if (parts.length != 3 || !parts[0].equals("bik") || !parts[1].matches("[0-9a-f]{12}")) {
            throw ApiException.unauthorized("the API key is not valid");
        }
        ApiKey apiKey = apiKeys.findByPrefix(parts[1])
                .filter(k -> Secrets.sameDigest(k.keyHash(), Secrets.sha256(key.trim())))
                .orElseThrow(() -> ApiException.unauthorized("the API key is not valid"));
        if (apiKey.revokedAt() != null) {
            throw ApiException.unauthorized("the API key was revoked");
        }
        if (apiKey.expiresAt() != null && !apiKey.expiresAt().isAfter(clock.instant())) {
            throw ApiException.unauthorized("the API key has expired");
        }
        Optional<User> creator = ApiKeys.creatorId(apiKey.createdBy()).flatMap(id -> users.find(apiKey.tenantId(), id));
        if (creator.isEmpty() || !creator.get().enabled()) {
            throw ApiException.unauthorized("the API key's creator was disabled or deleted, which ends the key; "
                    + "an admin can create a new one");
        }
        if (!ApiKeys.mayGrant(Set.copyOf(creator.get().roles()), apiKey.scopes())) {
            throw ApiException.unauthorized("the API key's creator no longer has the roles the key carries, which ends "
                    + "the key; an admin can create a new one");
        }
        Optional<TenantInfo> tenant = tenantStatus(apiKey.tenantId());
        if (tenant.isPresent() && tenant.get().suspended()) {
            throw ApiException.forbidden("tenant '" + apiKey.tenantId() + "' is suspended; its API keys are refused");
        }
        apiKeys.touch(apiKey.id());
        TokenMinter.Issued issued = tokens.issue(apiKey.tenantId(), "apikey:" + apiKey.id(), apiKey.scopes(), null);
        return new Tokens(issued.token(), null, issued.expiresIn(), "Bearer");
    }

    private Tokens startSession(User user, String familyId) {
        String refresh = newRefreshToken();
        sessions.open(familyId, user.tenantId(), user.id(), Secrets.sha256(refresh), clock.instant().plus(settings.refreshTtl()));
        return accessTokens(user, familyId, refresh);
    }

    private Tokens accessTokens(User user, String familyId, String refresh) {
        TokenMinter.Issued issued = tokens.issue(user.tenantId(), String.valueOf(user.id()), user.roles(), familyId);
        return new Tokens(issued.token(), refresh, issued.expiresIn(), "Bearer");
    }

    private static String newRefreshToken() {
        return "rt_" + Secrets.random(32);
    }

    private static ApiException revoked() {
        return ApiException.unauthorized("the refresh token was revoked; log in again");
    }

    /** The tenant's status for a login: unknown to bi-tenant or bi-tenant unreachable → no objection (logged). */
    private Optional<TenantInfo> tenantStatus(String tenant) {
        try {
            return tenants.find(tenant);
        } catch (TenantDirectory.Unavailable e) {
            LOG.warning("cannot check the status of tenant " + tenant + " (" + e.getMessage() + "); allowing the login");
            return Optional.empty();
        }
    }

    private static TooManyAttempts locked(Instant until, Instant now) {
        long seconds = until == null ? 1 : Math.max(1, Duration.between(now, until).toSeconds());
        return new TooManyAttempts("too many failed logins: the account is locked for " + seconds
                + " more second(s); an admin can unlock it", seconds);
    }
}
