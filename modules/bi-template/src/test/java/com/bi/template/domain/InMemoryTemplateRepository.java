package com.bi.template.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The repository contract over a map keyed by tenant and id (the unit tests' stand-in for PostgreSQL). */
final class InMemoryTemplateRepository implements TemplateRepository {
    private final Map<String, Template> rows = new ConcurrentHashMap<>();

    private static String key(String tenant, String id) {
        return tenant + "\u0000" + id;
    }

    @Override
    public List<Template> list(String tenantId) {
        return rows.values().stream().filter(t -> t.tenantId().equals(tenantId)).toList();
    }

    @Override
    public Optional<Template> find(String tenantId, String id) {
        return Optional.ofNullable(rows.get(key(tenantId, id)));
    }

    @Override
    public long count(String tenantId) {
        return list(tenantId).size();
    }

    @Override
    public void insert(Template template) {
        rows.put(key(template.tenantId(), template.id()), template);
    }

    @Override
    public synchronized boolean insertStarter(Template template) {
        if (list(template.tenantId()).stream().anyMatch(t -> template.starterKey().equals(t.starterKey()))) {
            return false;
        }
        insert(template);
        return true;
    }

    @Override
    public synchronized boolean update(Template template, long expectedVersion) {
        Template current = rows.get(key(template.tenantId(), template.id()));
        if (current == null || current.version() != expectedVersion) {
            return false;
        }
        insert(template);
        return true;
    }

    @Override
    public boolean delete(String tenantId, String id) {
        return rows.remove(key(tenantId, id)) != null;
    }
}
