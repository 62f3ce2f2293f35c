package com.bi.basic.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

import com.bi.basic.domain.Platform;
import com.bi.basic.domain.Shop;
import com.bi.basic.domain.ShopDraft;
import com.bi.basic.domain.ShopRepository;
import com.bi.basic.domain.Source;
import com.bi.basic.domain.Status;
import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;
import com.bi.common.data.Jdbc;

/** Shops in PostgreSQL; every statement is scoped to the tenant. */
public final class JdbcShopRepository implements ShopRepository {
    /** First key of the advisory lock that serializes shop creation per tenant (the second: hash of the tenant). */
    private static final int SHOPS_LOCK = 0x4241_5348; // "BASH"

    private static final String COLUMNS = "id, name, platform, source, external_id, status, version, created_at, updated_at";
    private static final Map<String, String> FILTERS = Map.of(
            "platform", "platform", "source", "source", "status", "status", "external_id", "external_id");

    private final Jdbc jdbc;

    public JdbcShopRepository(Jdbc jdbc) {
        this.jdbc = jdbc
                .conflictMessage("shops_external_unique", "a shop with this source and external_id already exists");
    }

    @Override
    public Shop insert(String tenantId, ShopDraft d) {
        return jdbc.one("INSERT INTO shops (tenant_id, name, platform, source, external_id, status) VALUES (?, ?, ?, ?, ?, ?)"
                        + " RETURNING " + COLUMNS, JdbcShopRepository::map,
                tenantId, d.name(), d.platform(), d.source(), d.externalId(), d.status()).orElseThrow();
    }

    @Override
    public Optional<Shop> insertWithinQuota(String tenantId, ShopDraft draft, int maxShops) {
        return jdbc.inTransaction(() -> {
            // held until commit: creations of one tenant queue here for the time of a count and an insert
            jdbc.one("SELECT pg_advisory_xact_lock(?, hashtext(?))", row -> true, SHOPS_LOCK, tenantId);
            if (jdbc.count("SELECT count(*) FROM shops WHERE tenant_id = ?", tenantId) >= maxShops) {
                return Optional.<Shop>empty();
            }
            return Optional.of(insert(tenantId, draft));
        });
    }

    @Override
    public Optional<Shop> find(String tenantId, long id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM shops WHERE tenant_id = ? AND id = ?", JdbcShopRepository::map, tenantId, id);
    }

    @Override
    public Optional<Shop> update(String tenantId, long id, long expectedVersion, ShopDraft d) {
        return jdbc.one("UPDATE shops SET name = ?, platform = ?, source = ?, external_id = ?, status = ?,"
                        + " version = version + 1, updated_at = now() WHERE tenant_id = ? AND id = ? AND version = ?"
                        + " RETURNING " + COLUMNS, JdbcShopRepository::map,
                d.name(), d.platform(), d.source(), d.externalId(), d.status(), tenantId, id, expectedVersion);
    }

    @Override
    public boolean delete(String tenantId, long id, long expectedVersion) {
        return jdbc.update("DELETE FROM shops WHERE tenant_id = ? AND id = ? AND version = ?", tenantId, id, expectedVersion) == 1;
    }

    @Override
    public Page<Shop> list(String tenantId, Map<String, Object> filters, PageRequest page) {
        return jdbc.page("shops", COLUMNS, tenantId, filters, FILTERS, page, JdbcShopRepository::map);
    }

    private static Shop map(ResultSet row) throws SQLException {
        return new Shop(row.getLong("id"), row.getString("name"), Platform.valueOf(row.getString("platform")),
                Source.valueOf(row.getString("source")), row.getString("external_id"),
                Status.valueOf(row.getString("status")), row.getLong("version"),
                row.getTimestamp("created_at").toInstant(), row.getTimestamp("updated_at").toInstant());
    }
}
