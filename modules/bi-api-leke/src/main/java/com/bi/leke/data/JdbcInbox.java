package com.bi.leke.data;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.bi.common.data.Jdbc;
import com.bi.orders.Texts;
import com.bi.leke.domain.Inbox;
import com.bi.common.security.SecretBox;

/** The inbox and the webhook secrets in PostgreSQL; secrets sealed with AES-GCM bound to their tenant. */
public final class JdbcInbox implements Inbox {
    private final Jdbc jdbc;
    private final SecretBox box;

    public JdbcInbox(Jdbc jdbc, SecretBox box) {
        this.jdbc = jdbc;
        this.box = box;
    }

    @Override
    public boolean store(String tenant, String eventId, String eventType, String payload) {
        return jdbc.update("""
                INSERT INTO inbox (tenant_id, event_id, event_type, payload) VALUES (?, ?, ?, ?)
                ON CONFLICT ON CONSTRAINT inbox_event_unique DO NOTHING""", tenant, eventId, eventType, payload) == 1;
    }

    @Override
    public List<Entry> claim(String owner, int limit, Duration lease) {
        // the due rows are picked once (a MATERIALIZED CTE): as an IN (subquery) the planner may re-run the LIMIT
        // per row and lease far more than asked
        return jdbc.list("""
                WITH due AS MATERIALIZED (
                    SELECT id FROM inbox WHERE status = 'PENDING' AND next_attempt_at <= now()
                    ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
                UPDATE inbox SET lease_owner = ?, lease_until = now() + make_interval(secs => ?),
                    next_attempt_at = now() + make_interval(secs => ?)
                FROM due WHERE inbox.id = due.id
                RETURNING inbox.id, inbox.tenant_id, inbox.event_id, inbox.payload, inbox.attempts""",
                row -> new Entry(row.getLong(1), row.getString(2), row.getString(3), row.getString(4), row.getInt(5)),
                limit, owner, seconds(lease), seconds(lease)).stream().sorted(java.util.Comparator.comparingLong(Entry::id)).toList();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    @Override
    public List<Long> renew(String owner, List<Long> ids, Duration lease) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.list("""
                UPDATE inbox SET lease_until = now() + make_interval(secs => ?), next_attempt_at = now() + make_interval(secs => ?)
                WHERE id = ANY (?::bigint[]) AND status = 'PENDING' AND lease_owner = ? RETURNING id""",
                row -> row.getLong(1), seconds(lease), seconds(lease), array(ids), owner);
    }

    @Override
    public int done(String owner, List<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        // owner and status in the same statement: a processor whose lease was taken over changes nothing
        return jdbc.update("""
                UPDATE inbox SET status = 'DONE', processed_at = now(), last_error = NULL, lease_owner = NULL, lease_until = NULL
                WHERE id = ANY (?::bigint[]) AND status = 'PENDING' AND lease_owner = ?""", array(ids), owner);
    }

    @Override
    public boolean failed(String owner, long id, String error, Duration retryAfter, int maxAttempts, boolean permanent) {
        // error texts may quote hostile input
        String message = Texts.printable(error, 2000);
        return jdbc.update("""
                UPDATE inbox SET attempts = attempts + 1, last_error = ?,
                    status = CASE WHEN ? OR attempts + 1 >= ? THEN 'DEAD' ELSE 'PENDING' END,
                    next_attempt_at = now() + make_interval(secs => ?), lease_owner = NULL, lease_until = NULL
                WHERE id = ? AND status = 'PENDING' AND lease_owner = ?""",
                message, permanent, maxAttempts, seconds(retryAfter), id, owner) == 1;
    }

    /** A Long list as a PostgreSQL array literal (ids are numbers: nothing to escape). */
    private static String array(List<Long> ids) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < ids.size(); i++) {
            literal.append(i == 0 ? "" : ",").append(ids.get(i).longValue());
        }
        return literal.append('}').toString();
    }

    @Override
    public List<Map<String, Object>> list(String tenant, String status, int limit) {
        return jdbc.list("""
                SELECT id, event_id, event_type, status, attempts, last_error, received_at, next_attempt_at, processed_at
                FROM inbox WHERE tenant_id = ? AND (?::text IS NULL OR status = ?) ORDER BY id DESC LIMIT ?""", row -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", row.getLong(1));
            m.put("event_id", row.getString(2));
            m.put("event_type", row.getString(3));
            m.put("status", row.getString(4));
            m.put("attempts", row.getInt(5));
            m.put("last_error", row.getString(6));
            m.put("received_at", instant(row.getTimestamp(7)));
            m.put("next_attempt_at", instant(row.getTimestamp(8)));
            m.put("processed_at", instant(row.getTimestamp(9)));
            return m;
        }, tenant, status, status, limit);
    }

    private static String instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant().toString();
    }

    @Override
    public Map<String, Long> counts(String tenant) {
        Map<String, Long> counts = new LinkedHashMap<>(Map.of("PENDING", 0L, "DONE", 0L, "DEAD", 0L));
        jdbc.list("SELECT status, count(*) FROM inbox WHERE tenant_id = ? GROUP BY status",
                row -> counts.put(row.getString(1), row.getLong(2)), tenant);
        return counts;
    }

    @Override
    public boolean retry(String tenant, long id) {
        return jdbc.update("""
                UPDATE inbox SET status = 'PENDING', attempts = 0, next_attempt_at = now(), lease_owner = NULL, lease_until = NULL
                WHERE id = ? AND tenant_id = ? AND status = 'DEAD'""", id, tenant) == 1;
    }

    @Override
    public Optional<String> secret(String tenant) {
        return jdbc.one("SELECT secret FROM webhook_secret WHERE tenant_id = ?", row -> row.getString(1), tenant)
                .map(sealed -> box.open(sealed, "leke.webhook:" + tenant));
    }

    @Override
    public void secret(String tenant, String secret) {
        jdbc.update("""
                INSERT INTO webhook_secret (tenant_id, secret) VALUES (?, ?)
                ON CONFLICT (tenant_id) DO UPDATE SET secret = EXCLUDED.secret, updated_at = now()""",
                tenant, box.seal(secret, "leke.webhook:" + tenant));
    }

    /** For tests: now, as the database sees it. */
    public Instant now() {
        return jdbc.one("SELECT now()", row -> row.getTimestamp(1).toInstant()).orElseThrow();
    }
}
