package com.bi.jushuitan.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

import com.bi.common.data.Jdbc;
import com.bi.common.security.SecretBox;
import com.bi.common.security.UnreadableSecretException;
import com.bi.jushuitan.domain.Shop;
import com.bi.jushuitan.domain.ShopStatus;
import com.bi.jushuitan.domain.ShopStore;
import com.bi.jushuitan.domain.ShopSync;

/**
 * Credentials sealed with AES-GCM (bound to tenant + shop), sync state, quarantine and rejects in PostgreSQL. A
 * secret that cannot be opened never fails a listing: that shop comes back unreadable, its neighbours normally.
 */
public final class JdbcShops implements ShopStore {
    private static final Logger LOG = Logger.getLogger(JdbcShops.class.getName());
    /** A quarantined o_id the vendor keeps not returning for the shop is dropped (as a reject) after this many tries. */
    static final int MAX_NOT_RETURNED = 10;
    private static final String COLUMNS = "c.id, c.tenant_id, c.shop_id, c.platform, c.app_key, c.app_secret, c.access_token, "
            + "c.base_url, c.enabled, s.checkpoint, s.ts_cursor, s.max_ts_seen";
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
    public boolean replaceSecrets(String tenant, long id, Secrets secrets) {
        return jdbc.inTransaction(() -> {
            Optional<String> shopId = jdbc.one("SELECT shop_id FROM shop_credential WHERE tenant_id = ? AND id = ? FOR UPDATE",
                    row -> row.getString(1), tenant, id);
            if (shopId.isEmpty()) {
                return false;
            }
            jdbc.update("UPDATE shop_credential SET app_key = coalesce(?, app_key), app_secret = ?, access_token = ? WHERE id = ?",
                    secrets.appKey(), box.seal(secrets.appSecret(), context(tenant, shopId.get(), "secret")),
                    box.seal(secrets.accessToken(), context(tenant, shopId.get(), "token")), id);
            jdbc.update("""
                    UPDATE sync_state SET status = 'IDLE', last_error = NULL
                    WHERE credential_id = ? AND status = 'CREDENTIALS_UNREADABLE'""", id);
            return true;
        });
    }

    @Override
    public List<ShopStatus> list(String tenant) {
        return jdbc.list("""
                SELECT c.id, c.shop_id, c.platform, c.app_key, c.base_url, c.enabled, s.checkpoint, s.status, s.last_run_at,
                       s.last_success_at, s.last_error, s.orders_total, s.rejected_total, s.ts_cursor,
                       (SELECT count(*) FROM sync_quarantine q WHERE q.credential_id = c.id),
                       s.lease_until > now()
                FROM shop_credential c JOIN sync_state s ON s.credential_id = c.id WHERE c.tenant_id = ? ORDER BY c.id""", row -> {
            long cursor = row.getLong(14);
            Long tsCursor = row.wasNull() ? null : cursor;
            return new ShopStatus(row.getLong(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5),
                    row.getBoolean(6), instant(row, 7), row.getBoolean(16) ? "RUNNING" : row.getString(8), instant(row, 9),
                    instant(row, 10), row.getString(11), row.getLong(12), row.getLong(13), tsCursor, row.getLong(15));
        }, tenant);
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        var t = row.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    @Override
    public boolean delete(String tenant, long id) {
        return jdbc.update("DELETE FROM shop_credential WHERE tenant_id = ? AND id = ?", tenant, id) == 1;
    }

    @Override
    public boolean exists(String tenant, long id) {
        return jdbc.count("SELECT count(*) FROM shop_credential WHERE tenant_id = ? AND id = ?", tenant, id) == 1;
    }

    private Shop map(ResultSet row) throws SQLException {
        String tenant = row.getString(2);
        String shopId = row.getString(3);
        String secret = open(row.getString(6), context(tenant, shopId, "secret"));
        String token = secret == null ? null : open(row.getString(7), context(tenant, shopId, "token"));
        long cursor = row.getLong(11);
        Long tsCursor = row.wasNull() ? null : cursor;
        long maxTs = row.getLong(12);
        Long maxTsSeen = row.wasNull() ? null : maxTs;
        return new Shop(row.getLong(1), tenant, shopId, row.getString(4), row.getString(5), token == null ? null : secret, token,
                row.getString(8), row.getBoolean(9), row.getTimestamp(10).toInstant(), tsCursor, maxTsSeen, token != null);
    }

    /** The plain secret, or null when no configured key opens it (the shop is then reported, not the listing failed). */
    private String open(String stored, String context) {
        try {
            return box.open(stored, context);
        } catch (UnreadableSecretException e) {
            return null;
        }
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
    public List<String> tenantsWithEnabledShops() {
        return jdbc.list("SELECT DISTINCT tenant_id FROM shop_credential WHERE enabled ORDER BY tenant_id", row -> row.getString(1));
    }

    @Override
    public boolean lease(long id, String owner, Duration lease) {
        return jdbc.update("""
                UPDATE sync_state SET lease_owner = ?, lease_until = now() + ?::double precision * interval '1 millisecond', last_run_at = now()
                WHERE credential_id = ? AND (lease_until IS NULL OR lease_until < now() OR lease_owner = ?)""",
                owner, lease.toMillis(), id, owner) == 1;
    }

    @Override
    public boolean renew(long id, String owner, Duration lease) {
        return jdbc.update("""
                UPDATE sync_state SET lease_until = now() + ?::double precision * interval '1 millisecond'
                WHERE credential_id = ? AND lease_owner = ?""", lease.toMillis(), id, owner) == 1;
    }

    @Override
    public boolean advance(long id, String owner, String tenant, Advance a) {
        return jdbc.inTransaction(() -> {
            // fenced: a run that lost its lease writes nothing (the row lock orders it against the new owner)
            int held = jdbc.update("""
                    UPDATE sync_state SET checkpoint = greatest(checkpoint, ?),
                        ts_cursor = CASE WHEN ?::bigint IS NULL THEN ts_cursor ELSE greatest(coalesce(ts_cursor, 0), ?::bigint) END,
                        max_ts_seen = CASE WHEN ?::bigint IS NULL THEN max_ts_seen ELSE greatest(coalesce(max_ts_seen, 0), ?::bigint) END,
                        orders_total = orders_total + ?, rejected_total = rejected_total + ?
                    WHERE credential_id = ? AND lease_owner = ?""",
                    a.checkpoint(), a.tsCursor(), a.tsCursor(), a.maxTsSeen(), a.maxTsSeen(), a.delivered(), a.rejects().size(),
                    id, owner);
            if (held != 1) {
                return false;
            }
            insertRejects(id, tenant, a.rejects());
            a.quarantine().forEach((oId, reason) -> jdbc.update("""
                    INSERT INTO sync_quarantine (credential_id, tenant_id, o_id, reason) VALUES (?, ?, ?, ?)
                    ON CONFLICT (credential_id, o_id) DO UPDATE SET reason = excluded.reason""", id, tenant, oId, reason));
            return true;
        });
    }

    private void insertRejects(long id, String tenant, List<Reject> rejects) {
        for (Reject reject : rejects) {
            jdbc.update("INSERT INTO sync_reject (credential_id, tenant_id, reason, payload) VALUES (?, ?, ?, ?)",
                    id, tenant, reject.reason(), reject.payload());
        }
    }

    @Override
    public void finish(long id, String owner, String status, String error) {
        jdbc.update("""
                UPDATE sync_state SET status = ?, last_error = ?, lease_owner = NULL, lease_until = NULL,
                    last_success_at = CASE WHEN ? = 'IDLE' THEN now() ELSE last_success_at END
                WHERE credential_id = ? AND lease_owner = ?""", status, error, status, id, owner);
    }

    @Override
    public List<String> quarantined(long id, int limit) {
        return jdbc.list("SELECT o_id FROM sync_quarantine WHERE credential_id = ? ORDER BY first_seen, o_id LIMIT ?",
                row -> row.getString(1), id, limit);
    }

    @Override
    public void resolveQuarantine(long id, List<String> released, Map<String, String> stillInvalid, int delivered,
                                  List<Reject> rejects) {
        jdbc.inTransaction(() -> {
            String tenant = jdbc.one("SELECT tenant_id FROM shop_credential WHERE id = ?", row -> row.getString(1), id).orElse(null);
            if (tenant == null) {
                return null;
            }
            for (String oId : released) {
                jdbc.update("DELETE FROM sync_quarantine WHERE credential_id = ? AND o_id = ?", id, oId);
            }
            for (Map.Entry<String, String> e : stillInvalid.entrySet()) {
                jdbc.update("""
                        UPDATE sync_quarantine SET attempts = attempts + 1, last_try = now(), reason = ?
                        WHERE credential_id = ? AND o_id = ?""", e.getValue(), id, e.getKey());
            }
            int dropped = jdbc.update("""
                    WITH gone AS (DELETE FROM sync_quarantine WHERE credential_id = ? AND reason = ? AND attempts >= ? RETURNING o_id)
                    INSERT INTO sync_reject (credential_id, tenant_id, reason, payload)
                    SELECT ?, ?, 'o_id not returned for this shop after repeated re-fetches', json_build_object('o_id', o_id)::text
                    FROM gone""", id, ShopSync.NOT_RETURNED, MAX_NOT_RETURNED, id, tenant);
            insertRejects(id, tenant, rejects);
            jdbc.update("UPDATE sync_state SET orders_total = orders_total + ?, rejected_total = rejected_total + ? WHERE credential_id = ?",
                    delivered, rejects.size() + dropped, id);
            return null;
        });
    }

    @Override
    public long quarantinedTotal() {
        return jdbc.count("SELECT count(*) FROM sync_quarantine");
    }

    @Override
    public CredentialScan scanCredentials() {
        record Stored(long id, String tenant, String shopId, String secret, String token) {
        }
        List<Stored> all = jdbc.list("SELECT id, tenant_id, shop_id, app_secret, access_token FROM shop_credential ORDER BY id",
                row -> new Stored(row.getLong(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5)));
        int unreadable = 0;
        int resealed = 0;
        for (Stored s : all) {
            boolean readable = open(s.secret(), context(s.tenant(), s.shopId(), "secret")) != null
                    && open(s.token(), context(s.tenant(), s.shopId(), "token")) != null;
            if (!readable) {
                unreadable++;
                jdbc.update("""
                        UPDATE sync_state SET status = 'CREDENTIALS_UNREADABLE', last_error = ?
                        WHERE credential_id = ? AND (lease_until IS NULL OR lease_until < now())""", Shop.UNREADABLE, s.id());
            } else {
                jdbc.update("""
                        UPDATE sync_state SET status = 'IDLE', last_error = NULL
                        WHERE credential_id = ? AND status = 'CREDENTIALS_UNREADABLE'""", s.id());
                resealed += reseal(s.id(), s.tenant(), s.shopId(), s.secret(), s.token());
            }
        }
        final int count = unreadable;
        final int rewritten = resealed;
        if (rewritten > 0) {
            LOG.info(() -> rewritten + " Jushuitan credential(s) re-sealed with the current BI_CRYPTO_KEY");
        }
        if (count > 0) {
            LOG.warning(() -> count + " Jushuitan credential(s) cannot be decrypted with the configured keys");
        }
        return new CredentialScan(unreadable, resealed);
    }

    @Override
    public long sealedWithPreviousKey() {
        return jdbc.list("SELECT app_secret, access_token FROM shop_credential",
                row -> box.needsReseal(row.getString(1)) || box.needsReseal(row.getString(2))).stream().filter(b -> b).count();
    }

    /**
     * Re-seals with the current key what opens only with the previous one, so the previous key can be dropped;
     * compare-and-set on the stored values, so a concurrent credential change wins.
     */
    private int reseal(long id, String tenant, String shopId, String secret, String token) {
        if (!box.needsReseal(secret) && !box.needsReseal(token)) {
            return 0;
        }
        String secretContext = context(tenant, shopId, "secret");
        String tokenContext = context(tenant, shopId, "token");
        return jdbc.update("UPDATE shop_credential SET app_secret = ?, access_token = ? WHERE id = ? AND app_secret = ? AND access_token = ?",
                box.seal(box.open(secret, secretContext), secretContext), box.seal(box.open(token, tokenContext), tokenContext),
                id, secret, token);
    }
}
