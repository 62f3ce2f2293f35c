package com.bi.basic.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

import com.bi.basic.domain.Dictionary;
import com.bi.basic.domain.DictionaryDraft;
import com.bi.common.crud.CrudRepository;
import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;
import com.bi.common.data.Jdbc;

/** Dictionary entries in PostgreSQL; every statement is scoped to the tenant. */
public final class JdbcDictionaryRepository implements CrudRepository<Dictionary, DictionaryDraft> {
    private static final String COLUMNS = "id, type, code, label, sort_order, version, created_at, updated_at";
    private static final Map<String, String> FILTERS = Map.of("type", "type", "code", "code");

    private final Jdbc jdbc;

    public JdbcDictionaryRepository(Jdbc jdbc) {
        this.jdbc = jdbc
                .conflictMessage("dictionaries_code_unique", "a dictionary entry with this type and code already exists");
    }

    @Override
    public Dictionary insert(String tenantId, DictionaryDraft d) {
        return jdbc.one("INSERT INTO dictionaries (tenant_id, type, code, label, sort_order) VALUES (?, ?, ?, ?, ?)"
                + " RETURNING " + COLUMNS, JdbcDictionaryRepository::map, tenantId, d.type(), d.code(), d.label(),
                d.sortOrder()).orElseThrow();
    }

    @Override
    public Optional<Dictionary> find(String tenantId, long id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM dictionaries WHERE tenant_id = ? AND id = ?",
                JdbcDictionaryRepository::map, tenantId, id);
    }

    @Override
    public Optional<Dictionary> update(String tenantId, long id, long expectedVersion, DictionaryDraft d) {
        return jdbc.one("UPDATE dictionaries SET type = ?, code = ?, label = ?, sort_order = ?, version = version + 1,"
                        + " updated_at = now() WHERE tenant_id = ? AND id = ? AND version = ? RETURNING " + COLUMNS,
                JdbcDictionaryRepository::map, d.type(), d.code(), d.label(), d.sortOrder(), tenantId, id, expectedVersion);
    }

    @Override
    public boolean delete(String tenantId, long id, long expectedVersion) {
        return jdbc.update("DELETE FROM dictionaries WHERE tenant_id = ? AND id = ? AND version = ?",
                tenantId, id, expectedVersion) == 1;
    }

    @Override
    public Page<Dictionary> list(String tenantId, Map<String, Object> filters, PageRequest page) {
        return jdbc.page("dictionaries", COLUMNS, tenantId, filters, FILTERS, page, JdbcDictionaryRepository::map);
    }

    private static Dictionary map(ResultSet row) throws SQLException {
        return new Dictionary(row.getLong("id"), row.getString("type"), row.getString("code"), row.getString("label"),
                row.getInt("sort_order"), row.getLong("version"), row.getTimestamp("created_at").toInstant(),
                row.getTimestamp("updated_at").toInstant());
    }
}
