package com.bi.template.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import com.bi.common.data.Jdbc;
import com.bi.common.json.Json;
import com.bi.template.domain.Panel;
import com.bi.template.domain.Schedule;
import com.bi.template.domain.Sharing;
import com.bi.template.domain.Template;
import com.bi.template.domain.TemplateKind;
import com.bi.template.domain.TemplateRepository;
import com.bi.template.domain.Variable;
import com.fasterxml.jackson.core.JsonProcessingException;

/** Templates in PostgreSQL: the panels, variables, schedule and sharing as JSONB; every statement filters by tenant. */
public final class JdbcTemplateRepository implements TemplateRepository {
    private static final String COLUMNS = "tenant_id, id, name, description, kind, starter_key, owner, definition, schedule, "
            + "sharing, version, updated_at";
    private final Jdbc jdbc;

    public JdbcTemplateRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The JSONB shape of a template's body. */
    record Definition(List<Variable> variables, List<Panel> panels) {
    }

    @Override
    public List<Template> list(String tenantId) {
        return jdbc.list("SELECT " + COLUMNS + " FROM templates WHERE tenant_id = ? ORDER BY name, id", JdbcTemplateRepository::map, tenantId);
    }

    @Override
    public Optional<Template> find(String tenantId, String id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM templates WHERE tenant_id = ? AND id = ?", JdbcTemplateRepository::map, tenantId, id);
    }

    @Override
    public long count(String tenantId) {
        return jdbc.count("SELECT count(*) FROM templates WHERE tenant_id = ?", tenantId);
    }

    @Override
    public void insert(Template t) {
        jdbc.update("INSERT INTO templates (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?)", values(t));
    }

    @Override
    public boolean insertStarter(Template t) {
        return jdbc.update("INSERT INTO templates (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?)"
                + " ON CONFLICT (tenant_id, starter_key) WHERE starter_key IS NOT NULL DO NOTHING", values(t)) == 1;
    }

    @Override
    public boolean update(Template t, long expectedVersion) {
        return jdbc.update("UPDATE templates SET name = ?, description = ?, kind = ?, definition = ?::jsonb, schedule = ?::jsonb, "
                        + "sharing = ?::jsonb, version = ?, updated_at = ? WHERE tenant_id = ? AND id = ? AND version = ?",
                t.name(), t.description(), t.kind(), json(new Definition(t.variables(), t.panels())), json(t.schedule()),
                json(t.sharing()), t.version(), t.updatedAt(), t.tenantId(), t.id(), expectedVersion) == 1;
    }

    @Override
    public boolean delete(String tenantId, String id) {
        return jdbc.update("DELETE FROM templates WHERE tenant_id = ? AND id = ?", tenantId, id) == 1;
    }

    private static Object[] values(Template t) {
        return new Object[] {t.tenantId(), t.id(), t.name(), t.description(), t.kind(), t.starterKey(), t.owner(),
                json(new Definition(t.variables(), t.panels())), json(t.schedule()), json(t.sharing()), t.version(), t.updatedAt()};
    }

    private static Template map(ResultSet row) throws SQLException {
        Definition definition = parse(row.getString("definition"), Definition.class);
        String schedule = row.getString("schedule");
        return new Template(row.getString("id"), row.getString("tenant_id"), row.getString("name"), row.getString("description"),
                TemplateKind.valueOf(row.getString("kind")), row.getString("starter_key"), row.getString("owner"),
                definition.variables(), definition.panels(), schedule == null ? null : parse(schedule, Schedule.class),
                parse(row.getString("sharing"), Sharing.class), row.getLong("version"), row.getTimestamp("updated_at").toInstant());
    }

    private static String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static <T> T parse(String json, Class<T> type) throws SQLException {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("stored " + type.getSimpleName() + " is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
