package com.bi.notify.data;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.bi.common.data.Jdbc;
import com.bi.notify.domain.Channel;
import com.bi.notify.domain.ChannelKind;
import com.bi.notify.domain.ChannelStore;
import com.bi.notify.domain.EmailSettings;

/** Channels in PostgreSQL; every statement names the tenant. */
public final class JdbcChannels implements ChannelStore {
    private static final String COLUMNS = "id, tenant_id, name, kind, enabled, url_host, smtp_host, smtp_port, smtp_security, "
            + "smtp_username, mail_from, mail_to, secrets, version, created_at, updated_at";
    private final Jdbc jdbc;

    public JdbcChannels(Jdbc jdbc) {
        this.jdbc = jdbc.conflictMessage("channel_name_unique", "a channel of this name exists already");
    }

    @Override
    public void insert(Channel c) {
        EmailSettings e = c.email();
        jdbc.update("INSERT INTO channel (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, string_to_array(?, E'\\n'), ?, ?, ?, ?)",
                c.id(), c.tenantId(), c.name(), c.kind(), c.enabled(), c.urlHost(),
                e == null ? null : e.host(), e == null ? null : e.port(), e == null ? null : e.security(),
                e == null ? null : e.username(), e == null ? null : e.from(), e == null ? null : String.join("\n", e.to()),
                c.sealedSecrets(), c.version(), c.createdAt(), c.updatedAt());
    }

    @Override
    public boolean update(Channel c, long expectedVersion) {
        EmailSettings e = c.email();
        return jdbc.update("UPDATE channel SET name = ?, enabled = ?, url_host = ?, smtp_host = ?, smtp_port = ?, smtp_security = ?, "
                        + "smtp_username = ?, mail_from = ?, mail_to = string_to_array(?, E'\\n'), secrets = ?, version = ?, updated_at = ? "
                        + "WHERE tenant_id = ? AND id = ? AND version = ?",
                c.name(), c.enabled(), c.urlHost(), e == null ? null : e.host(), e == null ? null : e.port(),
                e == null ? null : e.security(), e == null ? null : e.username(), e == null ? null : e.from(),
                e == null ? null : String.join("\n", e.to()), c.sealedSecrets(), c.version(), c.updatedAt(),
                c.tenantId(), c.id(), expectedVersion) == 1;
    }

    @Override
    public boolean delete(String tenantId, UUID id, Instant now) {
        return jdbc.inTransaction(() -> {
            jdbc.update("UPDATE delivery SET status = 'DEAD', last_error = 'the channel was deleted', next_attempt_at = NULL, "
                    + "updated_at = ? WHERE tenant_id = ? AND channel_id = ? AND status IN ('QUEUED', 'FAILED')", now, tenantId, id);
            return jdbc.update("DELETE FROM channel WHERE tenant_id = ? AND id = ?", tenantId, id) == 1;
        });
    }

    @Override
    public Optional<Channel> find(String tenantId, UUID id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM channel WHERE tenant_id = ? AND id = ?", JdbcChannels::map, tenantId, id);
    }

    @Override
    public List<Channel> list(String tenantId) {
        return jdbc.list("SELECT " + COLUMNS + " FROM channel WHERE tenant_id = ? ORDER BY name", JdbcChannels::map, tenantId);
    }

    /** The channel columns of table alias {@code table}, each renamed with {@code prefix} (for joins). */
    static String aliased(String table, String prefix) {
        StringBuilder out = new StringBuilder();
        for (String column : COLUMNS.split(", ")) {
            out.append(out.isEmpty() ? "" : ", ").append(table).append('.').append(column).append(" AS ").append(prefix).append(column);
        }
        return out.toString();
    }

    static Channel map(ResultSet r) throws SQLException {
        return map(r, "");
    }

    /** A channel from columns named {@code prefix + column}. */
    static Channel map(ResultSet r, String p) throws SQLException {
        EmailSettings email = null;
        if (r.getString(p + "smtp_host") != null) {
            Array to = r.getArray(p + "mail_to");
            email = new EmailSettings(r.getString(p + "smtp_host"), r.getInt(p + "smtp_port"),
                    EmailSettings.Security.valueOf(r.getString(p + "smtp_security")), r.getString(p + "smtp_username"),
                    r.getString(p + "mail_from"), to == null ? List.of() : Arrays.asList((String[]) to.getArray()));
        }
        return new Channel(r.getObject(p + "id", UUID.class), r.getString(p + "tenant_id"), r.getString(p + "name"),
                ChannelKind.valueOf(r.getString(p + "kind")), r.getBoolean(p + "enabled"), r.getString(p + "url_host"), email,
                r.getString(p + "secrets"), r.getLong(p + "version"), r.getTimestamp(p + "created_at").toInstant(),
                r.getTimestamp(p + "updated_at").toInstant());
    }
}
