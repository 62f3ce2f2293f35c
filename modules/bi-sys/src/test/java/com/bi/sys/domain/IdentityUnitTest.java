package com.bi.sys.domain;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.bi.common.error.ApiException;
import com.bi.common.security.Roles;
import com.bi.common.security.TokenMinter;
import com.bi.common.tenancy.TenantDirectory;
import com.bi.common.tenancy.TenantInfo;
import com.bi.sys.SysTestServer.MovableClock;
import com.bi.sys.data.Argon2Hasher;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link Identity} (login, lockout, refresh rotation, API keys, bootstrap) over in-memory repositories and the real
 * Argon2 hasher at its smallest cost: the rules without HTTP or PostgreSQL.
 */
class IdentityUnitTest {
    private static final String PASSWORD = "Correct-Horse-7";
    private final MovableClock clock = new MovableClock();
    private final InMemoryUserRepository users = new InMemoryUserRepository(clock);
    private final InMemorySessionRepository sessions = new InMemorySessionRepository(clock);
    private final InMemoryApiKeyRepository keys = new InMemoryApiKeyRepository(clock);
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final PasswordHasher hasher = new Argon2Hasher(1024, 1);
    private final Map<String, TenantInfo> tenants = new HashMap<>();
    private volatile boolean tenantServiceDown;
    // the kit's directory with bi-tenant's answers held here (no cache, so each answer shows at once)
    private final TenantDirectory directory = new TenantDirectory(null, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5),
            clock, tenant -> "unused") {
        @Override
        protected Optional<TenantInfo> load(String code, String bearerToken) {
            if (tenantServiceDown) {
                throw new TenantDirectory.Unavailable("bi-tenant is down");
            }
            return Optional.ofNullable(tenants.get(code));
        }
    };
    private final TokenMinter tokens = new TokenMinter("0123456789abcdef0123456789abcdef", "bi-sys", "bi", "gw", Duration.ofMinutes(5),
            true, clock);
    private final Identity identity = new Identity(users, sessions, keys, audit, hasher, tokens, directory,
            new Identity.Settings(3, Duration.ofMinutes(10), Duration.ofDays(1), new PasswordPolicy(12)),
            new HashingGate(2, Duration.ofSeconds(1)), clock);

    private User user(String tenant, String name, String... roles) {
        return users.insert(tenant, name, name, hasher.hash(PASSWORD), List.of(roles));
    }

    private Identity.Tokens login(String tenant, String name, String password) {
        return identity.login(new Requests.Login(tenant, name, password), "10.0.0.1");
    }

    @Test
    void aCorrectLoginIssuesTokensAndClearsEarlierFailures() {
        User alice = user("t1", "alice", Roles.ANALYST);
        assertThrows(ApiException.class, () -> login("t1", "alice", "wrong-password-1"));
        assertThat(users.find("t1", alice.id()).orElseThrow().failedLogins(), is(1));

        Identity.Tokens issued = login("t1", "alice", PASSWORD);
        assertThat(issued.accessToken(), notNullValue());
        assertThat(issued.refreshToken(), startsWith("rt_"));
        assertThat(users.find("t1", alice.id()).orElseThrow().failedLogins(), is(0));
        assertThat(audit.types("t1"), contains("LOGIN_FAILED", "LOGIN_SUCCEEDED"));
    }

    @Test
    void theThirdWrongPasswordLocksAndEvenTheRightOneIsRefusedUntilTheLockEnds() {
        user("t1", "bob", Roles.VIEWER);
        ApiException first = assertThrows(ApiException.class, () -> login("t1", "bob", "wrong-password-1"));
        assertThat(first.status(), is(401));
        assertThrows(ApiException.class, () -> login("t1", "bob", "wrong-password-2"));
        TooManyAttempts locked = assertThrows(TooManyAttempts.class, () -> login("t1", "bob", "wrong-password-3"));
        assertThat(locked.status(), is(429));
        assertThat(locked.retryAfterSeconds(), is(600L));

        TooManyAttempts stillLocked = assertThrows(TooManyAttempts.class, () -> login("t1", "bob", PASSWORD));
        assertThat(stillLocked.getMessage(), containsString("locked"));
        clock.advance(Duration.ofMinutes(11));
        assertThat(login("t1", "bob", PASSWORD).accessToken(), notNullValue());
    }

    @Test
    void anUnknownNameOrADisabledUserAnswersExactlyLikeAWrongPassword() {
        User carol = user("t1", "carol", Roles.VIEWER);
        users.update("t1", carol.id(), "carol", List.of(Roles.VIEWER), false);
        ApiException wrong = assertThrows(ApiException.class, () -> login("t1", "carol", "wrong-password-1"));
        ApiException disabled = assertThrows(ApiException.class, () -> login("t1", "carol", PASSWORD));
        ApiException unknown = assertThrows(ApiException.class, () -> login("t1", "nobody", PASSWORD));
        ApiException otherTenant = assertThrows(ApiException.class, () -> login("t2", "carol", PASSWORD));
        for (ApiException e : List.of(disabled, unknown, otherTenant)) {
            assertThat(e.status(), is(wrong.status()));
            assertThat(e.getMessage(), is(wrong.getMessage()));
        }
        // unknown names lock alike
        assertThrows(ApiException.class, () -> login("t1", "nobody", PASSWORD));
        assertThrows(TooManyAttempts.class, () -> login("t1", "nobody", PASSWORD));
    }

    @Test
    void aSuspendedTenantCannotLogInButAnUnreachableDirectoryDoesNotLockEveryoneOut() {
        user("t1", "dave", Roles.VIEWER);
        tenants.put("t1", new TenantInfo("t1", true, 10, 10, 0, "Asia/Shanghai"));
        ApiException suspended = assertThrows(ApiException.class, () -> login("t1", "dave", PASSWORD));
        assertThat(suspended.status(), is(403));
        assertThat(audit.types("t1"), contains("LOGIN_REFUSED"));

        tenantServiceDown = true;
        assertThat(login("t1", "dave", PASSWORD).accessToken(), notNullValue());
    }

    @Test
    void aRefreshTokenRotatesOnceAndItsReuseRevokesTheWholeSession() {
        user("t1", "erin", Roles.VIEWER);
        Identity.Tokens first = login("t1", "erin", PASSWORD);
        Identity.Tokens second = identity.refresh(new Requests.Refresh(first.refreshToken()), "ip");
        assertThat(second.refreshToken(), is(not(first.refreshToken())));

        ApiException reused = assertThrows(ApiException.class, () -> identity.refresh(new Requests.Refresh(first.refreshToken()), "ip"));
        assertThat(reused.getMessage(), containsString("already used"));
        ApiException successorRevoked = assertThrows(ApiException.class, () -> identity.refresh(new Requests.Refresh(second.refreshToken()), "ip"));
        assertThat(successorRevoked.getMessage(), containsString("revoked"));
        assertThat(audit.types("t1").getLast(), is("REFRESH_TOKEN_REUSED"));
    }

    @Test
    void logoutEndsTheSessionAndAnExpiredRefreshTokenIsRefused() {
        user("t1", "frank", Roles.VIEWER);
        Identity.Tokens out = login("t1", "frank", PASSWORD);
        identity.logout(new Requests.Refresh(out.refreshToken()), "ip");
        assertThrows(ApiException.class, () -> identity.refresh(new Requests.Refresh(out.refreshToken()), "ip"));

        Identity.Tokens later = login("t1", "frank", PASSWORD);
        clock.advance(Duration.ofDays(2));
        ApiException expired = assertThrows(ApiException.class, () -> identity.refresh(new Requests.Refresh(later.refreshToken()), "ip"));
        assertThat(expired.getMessage(), containsString("expired"));
    }

    @Test
    void anApiKeyLivesNoLongerThanItsCreatorsRights() {
        User admin = user("t1", "grace", Roles.ADMIN);
        ApiKeys apiKeys = new ApiKeys(keys, audit, clock);
        Actor actor = new Actor("t1", String.valueOf(admin.id()), Set.of(Roles.ADMIN), "ip");
        ApiKey.Created created = apiKeys.create(actor, new Requests.NewApiKey("etl", List.of(Roles.ANALYST), 30));
        assertThat(identity.apiKeyToken(created.key()).accessToken(), notNullValue());

        ApiException forged = assertThrows(ApiException.class, () -> identity.apiKeyToken(created.key() + "x"));
        assertThat(forged.status(), is(401));

        users.update("t1", admin.id(), "grace", List.of(Roles.VIEWER), true); // demoted: may no longer grant ANALYST
        ApiException demoted = assertThrows(ApiException.class, () -> identity.apiKeyToken(created.key()));
        assertThat(demoted.getMessage(), containsString("no longer has the roles"));

        users.update("t1", admin.id(), "grace", List.of(Roles.ADMIN), true);
        clock.advance(Duration.ofDays(31));
        assertThat(assertThrows(ApiException.class, () -> identity.apiKeyToken(created.key())).getMessage(), containsString("expired"));
    }

    @Test
    void theBootstrapOperatorIsCreatedOnceAndOnlyWithAStrongPassword() {
        identity.bootstrap(Optional.of("short"));
        assertThat(users.findByUsername(Identity.PLATFORM_TENANT, Identity.BOOTSTRAP_USER).isPresent(), is(false));
        identity.bootstrap(Optional.of(PASSWORD));
        User admin = users.findByUsername(Identity.PLATFORM_TENANT, Identity.BOOTSTRAP_USER).orElseThrow();
        assertThat(admin.roles(), contains(Roles.PLATFORM_ADMIN));
        identity.bootstrap(Optional.of("Another-Strong-Password-9"));
        assertThat(hasher.verify(PASSWORD, users.find(Identity.PLATFORM_TENANT, admin.id()).orElseThrow().passwordHash()), is(true));
    }
}
