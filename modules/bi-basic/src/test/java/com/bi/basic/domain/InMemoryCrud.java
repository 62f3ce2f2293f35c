package com.bi.basic.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.bi.common.crud.CrudRepository;
import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;
import com.bi.common.crud.Versioned;

/**
 * A {@link CrudRepository} in memory for unit tests: rows per tenant, optimistic versions, another tenant's id
 * behaving like a missing one. Filters are not interpreted (the use cases pass them through).
 */
public class InMemoryCrud<T extends Versioned, D> implements CrudRepository<T, D> {
    /** Builds the stored record from its draft. */
    @FunctionalInterface
    public interface Rows<T, D> {
        T row(long id, D draft, long version, Instant at);
    }

    private record Stored<T>(String tenantId, T row) {
    }

    private final Map<Long, Stored<T>> rows = new LinkedHashMap<>();
    private final Rows<T, D> factory;
    private long nextId = 1;

    public InMemoryCrud(Rows<T, D> factory) {
        this.factory = factory;
    }

    @Override
    public synchronized T insert(String tenantId, D draft) {
        long id = nextId++;
        T row = factory.row(id, draft, 1, Instant.EPOCH);
        rows.put(id, new Stored<>(tenantId, row));
        return row;
    }

    @Override
    public synchronized Optional<T> find(String tenantId, long id) {
        return Optional.ofNullable(rows.get(id)).filter(s -> s.tenantId().equals(tenantId)).map(Stored::row);
    }

    @Override
    public synchronized Optional<T> update(String tenantId, long id, long expectedVersion, D draft) {
        return find(tenantId, id).filter(row -> row.version() == expectedVersion).map(row -> {
            T next = factory.row(id, draft, expectedVersion + 1, Instant.EPOCH);
            rows.put(id, new Stored<>(tenantId, next));
            return next;
        });
    }

    @Override
    public synchronized boolean delete(String tenantId, long id, long expectedVersion) {
        boolean matches = find(tenantId, id).filter(row -> row.version() == expectedVersion).isPresent();
        if (matches) {
            rows.remove(id);
        }
        return matches;
    }

    @Override
    public synchronized Page<T> list(String tenantId, Map<String, Object> filters, PageRequest page) {
        List<T> all = new ArrayList<>();
        rows.values().stream().filter(s -> s.tenantId().equals(tenantId)).forEach(s -> all.add(s.row()));
        return new Page<>(all.stream().skip(page.offset()).limit(page.size()).toList(), page.page(), page.size(), all.size());
    }

    public synchronized long count(String tenantId) {
        return rows.values().stream().filter(s -> s.tenantId().equals(tenantId)).count();
    }
}
