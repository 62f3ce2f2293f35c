package com.bi.analysis.data;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.bi.analysis.domain.OrderStore;
import com.bi.common.data.Jdbc;
import com.bi.common.error.ApiException;

/**
 * Per-tenant settings owned here until bi-tenant provides them: the time zone days are counted in
 * (default {@value #DEFAULT_ZONE}). Cached for a minute.
 */
public final class TenantSettings implements com.bi.analysis.domain.Analysis.TenantZones {
    public static final String DEFAULT_ZONE = "Asia/Shanghai";
    private static final Duration TTL = Duration.ofMinutes(1);
    private final Jdbc jdbc;
    private final ZoneId defaultZone;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(ZoneId zone, Instant until) {
    }

    public TenantSettings(Jdbc jdbc, String defaultZone) {
        this.jdbc = jdbc;
        this.defaultZone = ZoneId.of(defaultZone);
    }

    @Override
    public ZoneId zone(String tenant) {
        Cached cached = cache.get(tenant);
        if (cached != null && Instant.now().isBefore(cached.until())) {
            return cached.zone();
        }
        ZoneId zone = jdbc.one("SELECT time_zone FROM tenant_setting WHERE tenant_id = ?", row -> ZoneId.of(row.getString(1)), tenant)
                .orElse(defaultZone);
        cache.put(tenant, new Cached(zone, Instant.now().plus(TTL)));
        return zone;
    }

    public static ZoneId parseZone(String text) {
        try {
            if (text == null || text.isBlank()) {
                throw ApiException.badRequest("time_zone", "time_zone is required");
            }
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw ApiException.badRequest("time_zone", "time_zone must be a region id such as Asia/Shanghai; got '" + text + "'");
        }
    }

    /** Stores the zone; true when it changed (then the caller rebuilds the tenant's rollups). */
    @Override
    public boolean setZone(String tenant, ZoneId zone) {
        ZoneId before = zone(tenant);
        jdbc.update("""
                INSERT INTO tenant_setting (tenant_id, time_zone) VALUES (?, ?)
                ON CONFLICT (tenant_id) DO UPDATE SET time_zone = EXCLUDED.time_zone, updated_at = now()""", tenant, zone.getId());
        cache.remove(tenant);
        return !before.equals(zone);
    }
}
