package com.bi.basic.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.bi.basic.domain.Category;
import com.bi.basic.domain.CategoryDraft;
import com.bi.basic.domain.CategoryRepository;
import com.bi.basic.domain.MasterData;
import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;
import com.bi.common.data.Jdbc;
import com.bi.common.error.ApiException;

/** Categories in PostgreSQL; every statement is scoped to the tenant. */
public final class JdbcCategoryRepository implements CategoryRepository {
    /** First key of the advisory lock that serializes moves within a tenant's tree (the second: hash of the tenant). */
    private static final int TREE_LOCK = 0x4241_5443; // "BATC"

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
    public List<Long> ancestors(String tenantId, long id, int limit) {
        return jdbc.list("WITH RECURSIVE chain (id, parent_id, depth) AS ("
                + " SELECT id, parent_id, 1 FROM categories WHERE tenant_id = ? AND id = ?"
                + " UNION ALL SELECT c.id, c.parent_id, chain.depth + 1 FROM categories c JOIN chain ON c.id = chain.parent_id"
                + " WHERE c.tenant_id = ? AND chain.depth < ?)"
                + " SELECT id FROM chain ORDER BY depth", row -> row.getLong(1), tenantId, id, tenantId, limit);
    }

    @Override
    public Optional<Category> update(String tenantId, long id, long expectedVersion, CategoryDraft d) {
        if (d.parentId() == null) {
            return updateRow(tenantId, id, expectedVersion, d);
        }
        return jdbc.inTransaction(() -> {
            // held until commit: two moves of one tenant cannot both pass the check below before either is stored
            jdbc.one("SELECT pg_advisory_xact_lock(?, hashtext(?))", row -> true, TREE_LOCK, tenantId);
            if (ancestors(tenantId, d.parentId(), MasterData.MAX_CATEGORY_DEPTH + 1).contains(id)) {
                throw ApiException.badRequest("parent_id", "a category cannot be placed under itself or its descendants");
            }
            return updateRow(tenantId, id, expectedVersion, d);
        });
    }

    private Optional<Category> updateRow(String tenantId, long id, long expectedVersion, CategoryDraft d) {
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
