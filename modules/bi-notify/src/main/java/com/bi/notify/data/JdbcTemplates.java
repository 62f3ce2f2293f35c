package com.bi.notify.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.bi.common.data.Jdbc;
import com.bi.notify.domain.MessageTemplate;
import com.bi.notify.domain.TemplateStore;

/** Message templates in PostgreSQL; every statement names the tenant. */
public final class JdbcTemplates implements TemplateStore {
    private static final String COLUMNS = "id, tenant_id, name, title, markdown, version, created_at, updated_at";
    private final Jdbc jdbc;

    public JdbcTemplates(Jdbc jdbc) {
        this.jdbc = jdbc.conflictMessage("message_template_name_unique", "a template of this name exists already");
    }

    @Override
    public void insert(MessageTemplate t) {
        jdbc.update("INSERT INTO message_template (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", t.id(), t.tenantId(),
                t.name(), t.title(), t.markdown(), t.version(), t.createdAt(), t.updatedAt());
    }

    @Override
    public boolean update(MessageTemplate t, long expectedVersion) {
        return jdbc.update("UPDATE message_template SET name = ?, title = ?, markdown = ?, version = ?, updated_at = ? "
                + "WHERE tenant_id = ? AND id = ? AND version = ?", t.name(), t.title(), t.markdown(), t.version(),
                t.updatedAt(), t.tenantId(), t.id(), expectedVersion) == 1;
    }

    @Override
    public boolean delete(String tenantId, UUID id) {
        return jdbc.update("DELETE FROM message_template WHERE tenant_id = ? AND id = ?", tenantId, id) == 1;
    }

    @Override
    public Optional<MessageTemplate> find(String tenantId, UUID id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM message_template WHERE tenant_id = ? AND id = ?", JdbcTemplates::map, tenantId, id);
    }

    @Override
    public Optional<MessageTemplate> findByName(String tenantId, String name) {
        return jdbc.one("SELECT " + COLUMNS + " FROM message_template WHERE tenant_id = ? AND name = ?", JdbcTemplates::map, tenantId, name);
    }

    @Override
    public List<MessageTemplate> list(String tenantId) {
        return jdbc.list("SELECT " + COLUMNS + " FROM message_template WHERE tenant_id = ? ORDER BY name", JdbcTemplates::map, tenantId);
    }

    private static MessageTemplate map(ResultSet r) throws SQLException {
        return new MessageTemplate(r.getObject("id", UUID.class), r.getString("tenant_id"), r.getString("name"),
                r.getString("title"), r.getString("markdown"), r.getLong("version"), r.getTimestamp("created_at").toInstant(),
                r.getTimestamp("updated_at").toInstant());
    }
}
