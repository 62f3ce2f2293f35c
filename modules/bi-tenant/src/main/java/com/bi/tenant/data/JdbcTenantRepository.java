package com.bi.tenant.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;
import com.bi.common.data.Jdbc;
import com.bi.tenant.domain.Plan;
import com.bi.tenant.domain.Tenant;
import com.bi.tenant.domain.TenantDraft;
import com.bi.tenant.domain.TenantRepository;
import com.bi.tenant.domain.TenantStatus;

/** Tenants in PostgreSQL (schema {@code tenant}). */
public final class JdbcTenantRepository implements TenantRepository {
    private static final String COLUMNS = "id, code, name, status, status_reason, plan, max_shops, max_users,"
            + " api_rate_per_minute, time_zone, version, created_at, updated_at";

    private final Jdbc jdbc;

    public JdbcTenantRepository(Jdbc jdbc) {
        this.jdbc = jdbc.conflictMessage("tenants_code_unique", "a tenant with this code already exists");
    }

    @Override
    public Tenant insert(TenantDraft d) {
        return jdbc.one("INSERT INTO tenants (code, name, plan, max_shops, max_users, api_rate_per_minute, time_zone)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS, JdbcTenantRepository::map,
                d.code(), d.name(), d.plan(), d.maxShops(), d.maxUsers(), d.apiRatePerMinute(), d.timeZone()).orElseThrow();
    }

    @Override
    public boolean insertIfMissing(TenantDraft d) {
        return jdbc.update("INSERT INTO tenants (code, name, plan, max_shops, max_users, api_rate_per_minute, time_zone)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING",
                d.code(), d.name(), d.plan(), d.maxShops(), d.maxUsers(), d.apiRatePerMinute(), d.timeZone()) == 1;
    }

    @Override
    public Optional<Tenant> find(String code) {
        return jdbc.one("SELECT " + COLUMNS + " FROM tenants WHERE code = ?", JdbcTenantRepository::map, code);
    }

    @Override
    public Optional<Tenant> update(String code, long expectedVersion, TenantDraft d) {
        return jdbc.one("UPDATE tenants SET name = ?, plan = ?, max_shops = ?, max_users = ?, api_rate_per_minute = ?,"
                        + " time_zone = ?, version = version + 1, updated_at = now() WHERE code = ? AND version = ?"
                        + " RETURNING " + COLUMNS, JdbcTenantRepository::map,
                d.name(), d.plan(), d.maxShops(), d.maxUsers(), d.apiRatePerMinute(), d.timeZone(), code, expectedVersion);
    }

    @Override
    public Optional<Tenant> setStatus(String code, TenantStatus status, String reason) {
        return jdbc.one("UPDATE tenants SET status = ?, status_reason = ?, version = version + 1, updated_at = now()"
                + " WHERE code = ? RETURNING " + COLUMNS, JdbcTenantRepository::map, status, reason, code);
    }

    @Override
    public Page<Tenant> list(TenantStatus status, PageRequest page) {
        String where = status == null ? "" : " WHERE status = ?";
        Object[] filter = status == null ? new Object[0] : new Object[] {status};
        long total = jdbc.count("SELECT count(*) FROM tenants" + where, filter);
        List<Object> params = new java.util.ArrayList<>(List.of(filter));
        params.add(page.size());
        params.add(page.offset());
        List<Tenant> items = jdbc.list("SELECT " + COLUMNS + " FROM tenants" + where + " ORDER BY id LIMIT ? OFFSET ?",
                JdbcTenantRepository::map, params.toArray());
        return new Page<>(items, page.page(), page.size(), total);
    }

    private static Tenant map(ResultSet row) throws SQLException {
        return new Tenant(row.getLong("id"), row.getString("code"), row.getString("name"),
                TenantStatus.valueOf(row.getString("status")), row.getString("status_reason"),
                Plan.valueOf(row.getString("plan")),
                new Tenant.Quotas(row.getInt("max_shops"), row.getInt("max_users"), row.getInt("api_rate_per_minute")),
                row.getString("time_zone"), row.getLong("version"),
                row.getTimestamp("created_at").toInstant(), row.getTimestamp("updated_at").toInstant());
    }
}
