package com.bi.sys.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;

/** {@link UserRepository} in memory with the JDBC one's rules (login counting and locking, quota), for unit tests. */
public final class InMemoryUserRepository implements UserRepository {
    private final Map<Long, User> users = new HashMap<>();
    private final Map<String, LoginAttempt> unknownNames = new HashMap<>();
    private final Clock clock;
    private long nextId = 1;

    public InMemoryUserRepository(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized User insert(String tenantId, String username, String displayName, String passwordHash, List<String> roles) {
        if (findByUsername(tenantId, username).isPresent()) {
            throw new IllegalStateException("duplicate username");
        }
        Instant now = clock.instant();
        User user = new User(nextId++, tenantId, username, displayName, roles, true, null, null, 1, now, now, passwordHash, 0);
        users.put(user.id(), user);
        return user;
    }

    @Override
    public synchronized Optional<User> insertWithinQuota(String tenantId, String username, String displayName, String passwordHash,
                                                         List<String> roles, int maxUsers) {
        return count(tenantId) >= maxUsers ? Optional.empty() : Optional.of(insert(tenantId, username, displayName, passwordHash, roles));
    }

    @Override
    public synchronized Optional<User> find(String tenantId, long id) {
        return Optional.ofNullable(users.get(id)).filter(u -> u.tenantId().equals(tenantId));
    }

    @Override
    public synchronized Optional<User> findByUsername(String tenantId, String username) {
        return users.values().stream().filter(u -> u.tenantId().equals(tenantId) && u.username().equals(username)).findFirst();
    }

    @Override
    public synchronized Page<User> list(String tenantId, PageRequest page) {
        List<User> all = users.values().stream().filter(u -> u.tenantId().equals(tenantId)).sorted((a, b) -> Long.compare(a.id(), b.id())).toList();
        List<User> items = all.stream().skip(page.offset()).limit(page.size()).toList();
        return new Page<>(items, page.page(), page.size(), all.size());
    }

    @Override
    public synchronized long count(String tenantId) {
        return users.values().stream().filter(u -> u.tenantId().equals(tenantId)).count();
    }

    @Override
    public synchronized boolean anyWithRole(String tenantId, String role) {
        return users.values().stream().anyMatch(u -> u.tenantId().equals(tenantId) && u.roles().contains(role));
    }

    @Override
    public synchronized Optional<User> update(String tenantId, long id, String displayName, List<String> roles, boolean enabled) {
        return find(tenantId, id).map(u -> put(new User(u.id(), u.tenantId(), u.username(), displayName, roles, enabled, u.lockedUntil(),
                u.lastLoginAt(), u.version() + 1, u.createdAt(), clock.instant(), u.passwordHash(), u.failedLogins())));
    }

    @Override
    public synchronized boolean setPassword(String tenantId, long id, String passwordHash) {
        return find(tenantId, id).map(u -> put(new User(u.id(), u.tenantId(), u.username(), u.displayName(), u.roles(), u.enabled(),
                u.lockedUntil(), u.lastLoginAt(), u.version() + 1, u.createdAt(), clock.instant(), passwordHash, u.failedLogins())))
                .isPresent();
    }

    /** Refused while locked at {@code now}; else one more failure (an expired lock starts a new count), locked at the limit. */
    private static LoginAttempt next(LoginAttempt current, Instant now, int maxFailures, Instant lockUntil) {
        if (current.lockedAt(now)) {
            return new LoginAttempt(false, current.failedLogins(), current.lockedUntil());
        }
        int count = current.lockedUntil() != null ? 1 : current.failedLogins() + 1;
        return new LoginAttempt(true, count, count >= maxFailures ? lockUntil : null);
    }

    @Override
    public synchronized LoginAttempt reserveAttempt(String tenantId, long id, Instant now, int maxFailures, Instant lockUntil) {
        Optional<User> found = find(tenantId, id);
        if (found.isEmpty()) {
            return new LoginAttempt(false, 0, null);
        }
        User u = found.get();
        LoginAttempt attempt = next(new LoginAttempt(true, u.failedLogins(), u.lockedUntil()), now, maxFailures, lockUntil);
        if (attempt.allowed()) {
            put(withLogin(u, attempt.failedLogins(), attempt.lockedUntil(), u.lastLoginAt()));
        }
        return attempt;
    }

    @Override
    public synchronized LoginAttempt reserveAttemptOfUnknown(String tenantId, String username, Instant now, int maxFailures, Instant lockUntil) {
        String key = tenantId + "/" + username;
        LoginAttempt attempt = next(unknownNames.getOrDefault(key, new LoginAttempt(true, 0, null)), now, maxFailures, lockUntil);
        if (attempt.allowed()) {
            unknownNames.put(key, attempt);
        }
        return attempt;
    }

    @Override
    public synchronized void recordSuccess(String tenantId, long id) {
        find(tenantId, id).ifPresent(u -> put(withLogin(u, 0, null, clock.instant())));
    }

    @Override
    public synchronized boolean unlock(String tenantId, long id) {
        return find(tenantId, id).map(u -> put(withLogin(u, 0, null, u.lastLoginAt()))).isPresent();
    }

    @Override
    public synchronized boolean delete(String tenantId, long id) {
        return find(tenantId, id).map(u -> users.remove(u.id())).isPresent();
    }

    private User put(User user) {
        users.put(user.id(), user);
        return user;
    }

    private static User withLogin(User u, int failed, Instant lockedUntil, Instant lastLogin) {
        return new User(u.id(), u.tenantId(), u.username(), u.displayName(), u.roles(), u.enabled(), lockedUntil, lastLogin,
                u.version(), u.createdAt(), u.updatedAt(), u.passwordHash(), failed);
    }
}
