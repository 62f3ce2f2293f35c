package com.bi.sys.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;

/** Users in storage; every call is scoped to a tenant. */
public interface UserRepository {
    User insert(String tenantId, String username, String displayName, String passwordHash, List<String> roles);

    Optional<User> find(String tenantId, long id);

    Optional<User> findByUsername(String tenantId, String username);

    Page<User> list(String tenantId, PageRequest page);

    long count(String tenantId);

    boolean anyWithRole(String tenantId, String role);

    Optional<User> update(String tenantId, long id, String displayName, List<String> roles, boolean enabled);

    boolean setPassword(String tenantId, long id, String passwordHash);

    /** Counts a failed login; locks the account until {@code lockUntil} when the count reaches {@code maxFailures}. */
    User recordFailure(String tenantId, long id, int maxFailures, Instant lockUntil);

    void recordSuccess(String tenantId, long id);

    boolean unlock(String tenantId, long id);

    boolean delete(String tenantId, long id);
}
