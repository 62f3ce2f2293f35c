package com.bi.plantaoxi.data;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.bi.common.data.Jdbc;
import com.bi.plantaoxi.domain.PlanRepository;
import com.bi.plantaoxi.domain.PlanVersion;
import com.bi.plantaoxi.domain.Thresholds;

/** Plans, overrides and thresholds in PostgreSQL; every statement is scoped to the tenant. */
public final class JdbcPlanRepository implements PlanRepository {
    private static final String COLUMNS = "shop_id, month, version, target_gmv, target_orders, deleted, change, changed_by,"
            + " changed_at, note, shop_name, platform, sales_key";
    /** The latest version per shop of the months in range (deleted ones filtered by the callers' WHERE). */
    private static final String LATEST = "SELECT * FROM (SELECT DISTINCT ON (shop_id, month) " + COLUMNS
            + " FROM plan_versions WHERE tenant_id = ? AND month BETWEEN ? AND ? ORDER BY shop_id, month, version DESC) latest"
            + " WHERE NOT deleted ORDER BY month, shop_id";

    private final Jdbc jdbc;

    public JdbcPlanRepository(Jdbc jdbc) {
        this.jdbc = jdbc.conflictMessage("plan_versions_pk",
                "the plan was changed by another request at the same time; read it again and retry");
    }

    @Override
    public Optional<PlanVersion> latest(String tenant, long shopId, YearMonth month) {
        return jdbc.one("SELECT " + COLUMNS + " FROM plan_versions WHERE tenant_id = ? AND shop_id = ? AND month = ?"
                + " ORDER BY version DESC LIMIT 1", JdbcPlanRepository::map, tenant, shopId, month.atDay(1));
    }

    @Override
    public List<PlanVersion> current(String tenant, YearMonth month, Collection<Long> shopIds) {
        Set<Long> wanted = Set.copyOf(shopIds);
        return current(tenant, month, month).stream().filter(p -> wanted.isEmpty() || wanted.contains(p.shopId())).toList();
    }

    @Override
    public List<PlanVersion> current(String tenant, YearMonth from, YearMonth to) {
        return jdbc.list(LATEST, JdbcPlanRepository::map, tenant, from.atDay(1), to.atDay(1));
    }

    @Override
    public PlanVersion append(String tenant, PlanVersion v) {
        jdbc.update("INSERT INTO plan_versions (tenant_id, shop_id, month, version, target_gmv, target_orders, deleted, change,"
                        + " changed_by, changed_at, note, shop_name, platform, sales_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                tenant, v.shopId(), v.month().atDay(1), v.version(), v.targetGmv(), v.targetOrders(), v.deleted(), v.change(),
                v.changedBy(), v.changedAt(), v.note(), v.shopName(), v.platform(), v.salesKey());
        return v;
    }

    @Override
    public List<PlanVersion> versions(String tenant, long shopId, YearMonth month) {
        return jdbc.list("SELECT " + COLUMNS + " FROM plan_versions WHERE tenant_id = ? AND shop_id = ? AND month = ?"
                + " ORDER BY version", JdbcPlanRepository::map, tenant, shopId, month.atDay(1));
    }

    @Override
    public Optional<PlanVersion> version(String tenant, long shopId, YearMonth month, long version) {
        return jdbc.one("SELECT " + COLUMNS + " FROM plan_versions WHERE tenant_id = ? AND shop_id = ? AND month = ?"
                + " AND version = ?", JdbcPlanRepository::map, tenant, shopId, month.atDay(1), version);
    }

    @Override
    public Map<Long, Map<LocalDate, BigDecimal>> overrides(String tenant, YearMonth month, Collection<Long> shopIds) {
        Set<Long> wanted = Set.copyOf(shopIds);
        Map<Long, Map<LocalDate, BigDecimal>> out = new HashMap<>();
        jdbc.list("SELECT shop_id, day, weight FROM plan_day_overrides WHERE tenant_id = ? AND month = ?", row -> {
            long shop = row.getLong("shop_id");
            if (wanted.contains(shop)) {
                out.computeIfAbsent(shop, s -> new HashMap<>()).put(row.getObject("day", LocalDate.class), row.getBigDecimal("weight"));
            }
            return null;
        }, tenant, month.atDay(1));
        return out;
    }

    @Override
    public void replaceOverrides(String tenant, long shopId, YearMonth month, Map<LocalDate, BigDecimal> weights, String by) {
        jdbc.inTransaction(() -> {
            jdbc.update("DELETE FROM plan_day_overrides WHERE tenant_id = ? AND shop_id = ? AND month = ?", tenant, shopId,
                    month.atDay(1));
            for (Map.Entry<LocalDate, BigDecimal> e : weights.entrySet()) {
                jdbc.update("INSERT INTO plan_day_overrides (tenant_id, shop_id, month, day, weight, changed_by, changed_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, now())", tenant, shopId, month.atDay(1), e.getKey(), e.getValue(), by);
            }
            return null;
        });
    }

    @Override
    public Optional<Thresholds> thresholds(String tenant) {
        return jdbc.one("SELECT on_track_percent, at_risk_percent FROM tenant_thresholds WHERE tenant_id = ?",
                row -> new Thresholds(row.getInt(1), row.getInt(2)), tenant);
    }

    @Override
    public void saveThresholds(String tenant, Thresholds t, String by) {
        jdbc.update("INSERT INTO tenant_thresholds (tenant_id, on_track_percent, at_risk_percent, changed_by, changed_at)"
                + " VALUES (?, ?, ?, ?, now()) ON CONFLICT (tenant_id) DO UPDATE SET on_track_percent = EXCLUDED.on_track_percent,"
                + " at_risk_percent = EXCLUDED.at_risk_percent, changed_by = EXCLUDED.changed_by, changed_at = now()",
                tenant, t.onTrackPercent(), t.atRiskPercent(), by);
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return jdbc.inTransaction(work::get);
    }

    private static PlanVersion map(ResultSet row) throws SQLException {
        return new PlanVersion(row.getLong("shop_id"), YearMonth.from(row.getObject("month", LocalDate.class)),
                row.getLong("version"), row.getBigDecimal("target_gmv"), row.getLong("target_orders"), row.getBoolean("deleted"),
                row.getString("change"), row.getString("changed_by"), row.getTimestamp("changed_at").toInstant(),
                row.getString("note"), row.getString("shop_name"), row.getString("platform"), row.getString("sales_key"));
    }
}
