package com.bi.sys.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;
import com.bi.common.data.Jdbc;
import com.bi.sys.domain.AuditEvent;
import com.bi.sys.domain.AuditLog;

/** The audit log in PostgreSQL, newest first. */
public final class JdbcAuditLog implements AuditLog {
    private final Jdbc jdbc;

    public JdbcAuditLog(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(String tenantId, AuditEvent.Type type, String actor, String subject, String ip, String detail) {
        jdbc.update("INSERT INTO audit_events (tenant_id, type, actor, subject, ip, detail) VALUES (?, ?, ?, ?, ?, ?)",
                tenantId, type, actor, subject, ip, detail);
    }

    @Override
    public Page<AuditEvent> list(String tenantId, AuditEvent.Type type, PageRequest page) {
        String where = " WHERE tenant_id = ?" + (type == null ? "" : " AND type = ?");
        List<Object> params = new ArrayList<>();
        params.add(tenantId);
        if (type != null) {
            params.add(type);
        }
        long total = jdbc.count("SELECT count(*) FROM audit_events" + where, params.toArray());
        params.add(page.size());
        params.add(page.offset());
        List<AuditEvent> items = jdbc.list("SELECT id, tenant_id, at, type, actor, subject, ip, detail FROM audit_events"
                + where + " ORDER BY id DESC LIMIT ? OFFSET ?", JdbcAuditLog::map, params.toArray());
        return new Page<>(items, page.page(), page.size(), total);
    }

    private static AuditEvent map(ResultSet row) throws SQLException {
        return new AuditEvent(row.getLong("id"), row.getString("tenant_id"), row.getTimestamp("at").toInstant(),
                row.getString("type"), row.getString("actor"), row.getString("subject"), row.getString("ip"),
                row.getString("detail"));
    }
}
