package com.bi.jushuitan.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.bi.common.data.Jdbc;
import com.bi.jushuitan.domain.Shop;
import com.bi.jushuitan.domain.ShopStore;
import com.bi.common.security.SecretBox;

/** Credentials sealed with AES-GCM (bound to tenant + shop), checkpoints and rejects in PostgreSQL. */
public final class JdbcShops implements ShopStore {
    private static final String COLUMNS = "c.id, c.tenant_id, c.shop_id, c.platform, c.app_key, c.app_secret, c.access_token, "
            + "c.base_url, c.enabled, s.checkpoint";
    private final Jdbc jdbc;
    private final SecretBox box;

    public JdbcShops(Jdbc jdbc, SecretBox box) {
        this.jdbc = jdbc.conflictMessage("shop_credential_unique", "this shop already has credentials");
        this.box = box;
    }

    private static String context(String tenant, String shopId, String what) {
        return "jushuitan." + what + ":" + tenant + "/" + shopId;
    }

    @Override
    public long create(String tenant, Draft d, Instant checkpoint) {
        return jdbc.inTransaction(() -> {
            long id = jdbc.one("""
                    INSERT INTO shop_credential (tenant_id, shop_id, platform, app_key, app_secret, access_token, base_url)
                    VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id""", row -> row.getLong(1), tenant, d.shopId(), d.platform(), d.appKey(),
                    box.seal(d.appSecret(), context(tenant, d.shopId(), "secret")),
                    box.seal(d.accessToken(), context(tenant, d.shopId(), "token")), d.baseUrl()).orElseThrow();
            jdbc.update("INSERT INTO sync_state (credential_id, checkpoint) VALUES (?, ?)", id, checkpoint);
            return id;
        });
    }

    @Override
    public List<Map<String, Object>> list(String tenant) {
        return jdbc.list("""
                SELECT c.id, c.shop_id, c.platform, c.app_key, c.base_url, c.enabled, s.checkpoint, s.status, s.last_run_at,
                       s.last_success_at, s.last_error, s.orders_total, s.rejected_total
                FROM shop_credential c JOIN sync_state s ON s.credential_id = c.id WHERE c.tenant_id = ? ORDER BY c.id""", row -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", row.getLong(1));
            m.put("shop_id", row.getString(2));
            m.put("platform", row.getString(3));
            m.put("app_key", row.getString(4));
            m.put("app_secret", "********");
            m.put("access_token", "********");
            m.put("base_url", row.getString(5));
            m.put("enabled", row.getBoolean(6));
            m.put("checkpoint", instant(row, 7));
            m.put("status", row.getString(8));
            m.put("last_run_at", instant(row, 9));
            m.put("last_success_at", instant(row, 10));
            m.put("last_error", row.getString(11));
            m.put("orders_total", row.getLong(12));
            m.put("rejected_total", row.getLong(13));
            return m;
        }, tenant);
    }

    private static String instant(ResultSet row, int column) throws SQLException {
        var t = row.getTimestamp(column);
        return t == null ? null : t.toInstant().toString();
    }

    @Override
    public boolean delete(String tenant, long id) {
        return jdbc.update("DELETE FROM shop_credential WHERE tenant_id = ? AND id = ?", tenant, id) == 1;
    }

    private Shop map(ResultSet row) throws SQLException {
        String tenant = row.getString(2);
        String shopId = row.getString(3);
        return new Shop(row.getLong(1), tenant, shopId, row.getString(4), row.getString(5),
                box.open(row.getString(6), context(tenant, shopId, "secret")), box.open(row.getString(7), context(tenant, shopId, "token")),
                row.getString(8), row.getBoolean(9), row.getTimestamp(10).toInstant());
    }

    @Override
    public Optional<Shop> get(String tenant, long id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM shop_credential c JOIN sync_state s ON s.credential_id = c.id "
                + "WHERE c.tenant_id = ? AND c.id = ?", this::map, tenant, id);
    }

    @Override
    public List<Shop> enabled(String tenant) {
        return jdbc.list("SELECT " + COLUMNS + " FROM shop_credential c JOIN sync_state s ON s.credential_id = c.id "
                + "WHERE c.tenant_id = ? AND c.enabled ORDER BY c.id", this::map, tenant);
    }

    @Override
    public List<Shop> allEnabled() {
        return jdbc.list("SELECT " + COLUMNS + " FROM shop_credential c JOIN sync_state s ON s.credential_id = c.id "
                + "WHERE c.enabled ORDER BY c.id", this::map);
    }

    @Override
    public boolean lease(long id) {
        return jdbc.update("""
                UPDATE sync_state SET status = 'RUNNING', last_run_at = now()
                WHERE credential_id = ? AND (status <> 'RUNNING' OR last_run_at < now() - interval '30 minutes')""", id) == 1;
    }

    @Override
    public void advance(long id, String tenant, Instant checkpoint, int delivered, List<Reject> rejects) {
        jdbc.inTransaction(() -> {
            for (Reject reject : rejects) {
                jdbc.update("INSERT INTO sync_reject (credential_id, tenant_id, reason, payload) VALUES (?, ?, ?, ?)",
                        id, tenant, reject.reason(), reject.payload());
            }
            jdbc.update("""
                    UPDATE sync_state SET checkpoint = ?, orders_total = orders_total + ?, rejected_total = rejected_total + ?
                    WHERE credential_id = ? AND checkpoint <= ?""", checkpoint, delivered, rejects.size(), id, checkpoint);
            return null;
        });
    }

    @Override
    public void finish(long id, String error) {
        jdbc.update("""
                UPDATE sync_state SET status = CASE WHEN ?::text IS NULL THEN 'IDLE' ELSE 'FAILED' END, last_error = ?,
                    last_success_at = CASE WHEN ?::text IS NULL THEN now() ELSE last_success_at END
                WHERE credential_id = ?""", error, error, error, id);
    }
}
