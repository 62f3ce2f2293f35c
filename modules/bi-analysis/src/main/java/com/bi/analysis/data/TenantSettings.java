package com.bi.analysis.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.ZoneId;

import com.bi.analysis.domain.OrderStore;
import com.bi.common.data.Jdbc;
import com.bi.common.error.ApiException;

/**
 * Per-tenant settings owned here until bi-tenant provides them: the time zone days are counted in (default
 * {@value #DEFAULT_ZONE}). Never cached: ingest reads it inside its own transaction, under the tenant's lock, so
 * every replica stores pay days in the zone committed last (a per-replica cache could store the old one).
 */
public final class TenantSettings implements OrderStore.Zones {
    public static final String DEFAULT_ZONE = "Asia/Shanghai";
    private static final String SELECT = "SELECT time_zone FROM tenant_setting WHERE tenant_id = ?";
    private final Jdbc jdbc;
    private final ZoneId defaultZone;

    public TenantSettings(Jdbc jdbc, String defaultZone) {
        this.jdbc = jdbc;
        this.defaultZone = ZoneId.of(defaultZone);
    }

    public ZoneId defaultZone() {
        return defaultZone;
    }

    @Override
    public ZoneId zone(String tenant) {
        return jdbc.one(SELECT, row -> ZoneId.of(row.getString(1)), tenant).orElse(defaultZone);
    }

    /** The zone as {@code c}'s transaction sees it. */
    public ZoneId zone(Connection c, String tenant) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(SELECT)) {
            select.setString(1, tenant);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? ZoneId.of(row.getString(1)) : defaultZone;
            }
        }
    }

    public static ZoneId parseZone(String text) {
        try {
            if (text == null || text.isBlank()) {
                throw ApiException.badRequest("time_zone", "time_zone is required");
            }
            if (text.length() > 64) {
                throw ApiException.badRequest("time_zone", "time_zone must be a region id such as Asia/Shanghai");
            }
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw ApiException.badRequest("time_zone", "time_zone must be a region id such as Asia/Shanghai");
        }
    }
}
