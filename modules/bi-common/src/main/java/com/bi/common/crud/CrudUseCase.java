package com.bi.common.crud;

import java.util.Map;
import java.util.Optional;

import com.bi.common.error.ApiException;

/**
 * The use cases every master-data resource has: create, get, replace with optimistic locking, delete, list.
 * Rules specific to a resource go in {@link #validate} (e.g. "the parent category exists").
 */
public class CrudUseCase<T extends Versioned, D> {
    private final String what;
    private final CrudRepository<T, D> repository;

    public CrudUseCase(String what, CrudRepository<T, D> repository) {
        this.what = what;
        this.repository = repository;
    }

    public String what() {
        return what;
    }

    /** Checks a draft against the tenant's other data before it is stored; throws a 4xx ApiException. */
    protected void validate(String tenantId, D draft, Optional<T> current) {
    }

    public T create(String tenantId, D draft) {
        validate(tenantId, draft, Optional.empty());
        return repository.insert(tenantId, draft);
    }

    public T get(String tenantId, long id) {
        return repository.find(tenantId, id).orElseThrow(() -> ApiException.notFound(what, id));
    }

    public T replace(String tenantId, long id, long expectedVersion, D draft) {
        T current = get(tenantId, id);
        if (current.version() != expectedVersion) {
            throw stale(id, expectedVersion, current.version());
        }
        validate(tenantId, draft, Optional.of(current));
        return repository.update(tenantId, id, expectedVersion, draft)
                .orElseThrow(() -> ApiException.preconditionFailed(what + " " + id
                        + " was changed by someone else meanwhile; fetch it again and retry"));
    }

    public void delete(String tenantId, long id, Long expectedVersion) {
        T current = get(tenantId, id);
        long version = expectedVersion == null ? current.version() : expectedVersion;
        if (current.version() != version) {
            throw stale(id, version, current.version());
        }
        if (!repository.delete(tenantId, id, version)) {
            throw ApiException.preconditionFailed(what + " " + id + " was changed by someone else meanwhile");
        }
    }

    public Page<T> list(String tenantId, Map<String, Object> filters, PageRequest page) {
        return repository.list(tenantId, filters, page);
    }

    private ApiException stale(long id, long expected, long actual) {
        return ApiException.preconditionFailed(what + " " + id + " is at version " + actual + ", not " + expected
                + "; fetch it again and retry");
    }
}
