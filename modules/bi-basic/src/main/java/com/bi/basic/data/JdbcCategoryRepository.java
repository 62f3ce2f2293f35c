package com.bi.basic.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

import com.bi.basic.domain.Category;
import com.bi.basic.domain.CategoryDraft;
import com.bi.common.crud.CrudRepository;
import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;
import com.bi.common.data.Jdbc;

/** Categories in PostgreSQL; every statement is scoped to the tenant. */
public final class JdbcCategoryRepository implements CrudRepository<Category, CategoryDraft> {
    private static final String COLUMNS = "id, name, parent_id, version, created_at, updated_at";
    private static final Map<String, String> FILTERS = Map.of("parent_id", "parent_id", "name", "name");

    private final Jdbc jdbc;

    public JdbcCategoryRepository(Jdbc jdbc) {
        this.jdbc = jdbc
                .conflictMessage("categories_name_unique", "a category with this name already exists under the same parent")
                .conflictMessage("categories_parent_id_fkey", "the category still has sub-categories; move or delete them first")
                .conflictMessage("products_category_id_fkey", "the category still has products; move or delete them first");
    }

    @Override
    public Category insert(String tenantId, CategoryDraft d) {
        return jdbc.one("INSERT INTO categories (tenant_id, name, parent_id) VALUES (?, ?, ?) RETURNING " + COLUMNS,
                JdbcCategoryRepository::map, tenantId, d.name(), d.parentId()).orElseThrow();
    }

    @Override
    public Optional<Category> find(String tenantId, long id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM categories WHERE tenant_id = ? AND id = ?",
                JdbcCategoryRepository::map, tenantId, id);
    }

    @Override
    public Optional<Category> update(String tenantId, long id, long expectedVersion, CategoryDraft d) {
        return jdbc.one("UPDATE categories SET name = ?, parent_id = ?, version = version + 1, updated_at = now()"
                        + " WHERE tenant_id = ? AND id = ? AND version = ? RETURNING " + COLUMNS,
                JdbcCategoryRepository::map, d.name(), d.parentId(), tenantId, id, expectedVersion);
    }

    @Override
    public boolean delete(String tenantId, long id, long expectedVersion) {
        return jdbc.update("DELETE FROM categories WHERE tenant_id = ? AND id = ? AND version = ?",
                tenantId, id, expectedVersion) == 1;
    }

    @Override
    public Page<Category> list(String tenantId, Map<String, Object> filters, PageRequest page) {
        return jdbc.page("categories", COLUMNS, tenantId, filters, FILTERS, page, JdbcCategoryRepository::map);
    }

    private static Category map(ResultSet row) throws SQLException {
        long parentValue = row.getLong("parent_id");
        Long parent = row.wasNull() ? null : parentValue;
        return new Category(row.getLong("id"), row.getString("name"), parent,
                row.getLong("version"), row.getTimestamp("created_at").toInstant(), row.getTimestamp("updated_at").toInstant());
    }
}
