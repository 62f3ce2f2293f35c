package com.bi.sys.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;

/** Users in storage; every call is scoped to a tenant. */
public interface UserRepository {
    User insert(String tenantId, String username, String displayName, String passwordHash, List<String> roles);

    /**
     * Inserts the user unless the tenant already has {@code maxUsers} users; counting and inserting are one
     * decision (concurrent creations of one tenant are serialized), so the quota holds under any concurrency.
     */
    Optional<User> insertWithinQuota(String tenantId, String username, String displayName, String passwordHash,
                                     List<String> roles, int maxUsers);

    Optional<User> find(String tenantId, long id);

    Optional<User> findByUsername(String tenantId, String username);

    Page<User> list(String tenantId, PageRequest page);

    long count(String tenantId);

    boolean anyWithRole(String tenantId, String role);

    Optional<User> update(String tenantId, long id, String displayName, List<String> roles, boolean enabled);

    boolean setPassword(String tenantId, long id, String passwordHash);

    /**
     * Reserves a login attempt of user {@code id} before its password is verified, in one statement: refused while
     * the account is locked at {@code now}; otherwise counted as a failure (a lock that has expired starts a new
     * count) and locked until {@code lockUntil} when the count reaches {@code maxFailures}. Concurrent logins thus
     * get no more guesses than the limit, whatever they read before. A refused attempt carries the lock's end.
     */
    LoginAttempt reserveAttempt(String tenantId, long id, Instant now, int maxFailures, Instant lockUntil);

    /** The same for a name that is not a user of the tenant (or a tenant that does not exist), so both lock alike. */
    LoginAttempt reserveAttemptOfUnknown(String tenantId, String username, Instant now, int maxFailures, Instant lockUntil);

    /** A verified login: clears the failure count and the lock. */
    void recordSuccess(String tenantId, long id);

    boolean unlock(String tenantId, long id);

    boolean delete(String tenantId, long id);
}
