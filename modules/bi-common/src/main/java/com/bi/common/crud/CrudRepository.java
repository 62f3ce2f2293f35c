package com.bi.common.crud;

import java.util.Map;
import java.util.Optional;

/**
 * Storage of one kind of tenant-owned record. Every method takes the tenant and scopes every statement to it:
 * another tenant's id behaves exactly like a missing one.
 *
 * @param <T> the stored record
 * @param <D> the draft a client sends to create or replace it
 */
public interface CrudRepository<T extends Versioned, D> {
    T insert(String tenantId, D draft);

    Optional<T> find(String tenantId, long id);

    /** Replaces the record if it still has {@code expectedVersion}; empty when it does not (or is gone). */
    Optional<T> update(String tenantId, long id, long expectedVersion, D draft);

    /** Deletes the record if it still has {@code expectedVersion}; false when it does not (or is gone). */
    boolean delete(String tenantId, long id, long expectedVersion);

    /** A page of the tenant's records; {@code filters} hold only validated values of declared filters. */
    Page<T> list(String tenantId, Map<String, Object> filters, PageRequest page);
}
