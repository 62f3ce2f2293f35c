package com.bi.analysis.data;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.bi.analysis.domain.MetricQuery;
import com.bi.analysis.domain.MetricQuery.Dimension;
import com.bi.analysis.domain.MetricQuery.Metric;
import com.bi.analysis.domain.OrderStore;
import com.bi.analysis.domain.QueryResult;
import com.bi.common.data.Jdbc;
import com.bi.common.error.ApiException;

/**
 * The metric query engine. Picks the cheapest table that answers the question exactly:
 * <ul>
 *   <li>{@code rollup_shop_day} — dimensions and filters within day/week/month, shop, platform;</li>
 *   <li>{@code rollup_sku_day} — SKU or category involved (gmv is then the sum of line amounts: no freight or
 *       order-level discount; orders = orders containing the SKU), unless distinct orders across SKUs are needed;</li>
 *   <li>{@code rollup_tenant_sku_day} — the same without shop or platform (dimension or filter): that rollup summed
 *       over shops, a fraction of its rows;</li>
 *   <li>the facts ({@code order_fact}, {@code order_item}) — buyers (distinct, not additive over days), or orders
 *       and aov across several SKUs (an order with two matching SKUs counts once).</li>
 * </ul>
 * Every identifier in the SQL comes from the fixed maps below; every value is a bind parameter.
 */
public final class JdbcMetricQueries implements com.bi.analysis.domain.MetricReader {
    private final Jdbc jdbc;
    private final OrderStore.Zones zones;
    private final Duration timeout;

    /** {@code timeout}: the statement timeout of every metric query (with its comparison and totals). */
    public JdbcMetricQueries(Jdbc jdbc, OrderStore.Zones zones, Duration timeout) {
        this.jdbc = jdbc;
        this.zones = zones;
        this.timeout = timeout;
    }

    /** The table family a query runs on. */
    public enum Source {
        ROLLUP_SHOP_DAY, ROLLUP_SKU_DAY, ROLLUP_TENANT_SKU_DAY, FACTS, FACT_ITEMS;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private record Plan(String from, String where, Map<Dimension, String> columns, Map<Metric, String> expressions) {
    }

    public static Source source(MetricQuery q) {
        boolean items = q.itemLevel();
        if (q.needsFacts()) {
            return items ? Source.FACT_ITEMS : Source.FACTS;
        }
        if (!items) {
            return Source.ROLLUP_SHOP_DAY;
        }
        boolean shopLevel = q.dimensions().stream().anyMatch(d -> d == Dimension.SHOP || d == Dimension.PLATFORM)
                || q.filters().stream().anyMatch(f -> f.field() == Dimension.SHOP || f.field() == Dimension.PLATFORM);
        return shopLevel ? Source.ROLLUP_SKU_DAY : Source.ROLLUP_TENANT_SKU_DAY;
    }

    private static Plan plan(Source source, boolean buyers) {
        Map<Dimension, String> columns = new EnumMap<>(Dimension.class);
        Map<Metric, String> m = new EnumMap<>(Metric.class);
        String from;
        String where;
        String gmv;
        String orders;
        String refund;
        switch (source) {
            case ROLLUP_SHOP_DAY, ROLLUP_SKU_DAY, ROLLUP_TENANT_SKU_DAY -> {
                from = switch (source) {
                    case ROLLUP_SHOP_DAY -> "rollup_shop_day r";
                    case ROLLUP_SKU_DAY -> "rollup_sku_day r";
                    default -> "rollup_tenant_sku_day r";
                };
                where = "r.tenant_id = ? AND r.day BETWEEN ? AND ?";
                day(columns, "r.day");
                if (source != Source.ROLLUP_TENANT_SKU_DAY) {
                    columns.put(Dimension.SHOP, "r.shop_id");
                    columns.put(Dimension.PLATFORM, "r.platform");
                }
                if (source != Source.ROLLUP_SHOP_DAY) {
                    columns.put(Dimension.SKU, "r.sku");
                    columns.put(Dimension.CATEGORY, "r.category");
                }
                gmv = "sum(r.gmv)";
                orders = "sum(r.orders)";
                refund = "sum(r.refund_amount)";
                m.put(Metric.UNITS, "sum(r.units)");
            }
            case FACTS -> {
                from = "order_fact f";
                where = "f.tenant_id = ? AND f.counted AND f.pay_day BETWEEN ? AND ?";
                day(columns, "f.pay_day");
                columns.put(Dimension.SHOP, "f.shop_id");
                columns.put(Dimension.PLATFORM, "f.platform");
                gmv = "sum(f.pay_amount)";
                orders = "count(*)";
                refund = "sum(f.refund_amount)";
                m.put(Metric.UNITS, "sum(f.units)");
                m.put(Metric.BUYERS, BUYERS);
            }
            default -> {
                from = buyers ? "order_item i JOIN order_fact f ON f.tenant_id = i.tenant_id AND f.source = i.source"
                        + " AND f.external_order_id = i.external_order_id" : "order_item i";
                where = "i.tenant_id = ? AND i.counted AND i.pay_day BETWEEN ? AND ?";
                day(columns, "i.pay_day");
                columns.put(Dimension.SHOP, "i.shop_id");
                columns.put(Dimension.PLATFORM, "i.platform");
                columns.put(Dimension.SKU, "i.sku");
                columns.put(Dimension.CATEGORY, "i.category");
                gmv = "sum(i.amount)";
                orders = "count(DISTINCT (i.source, i.external_order_id))";
                refund = "sum(i.refund_amount)";
                m.put(Metric.UNITS, "sum(i.quantity)");
                m.put(Metric.BUYERS, BUYERS);
            }
        }
        m.put(Metric.GMV, gmv);
        m.put(Metric.ORDERS, orders);
        m.put(Metric.REFUND_AMOUNT, refund);
        m.put(Metric.AOV, "(" + gmv + " / NULLIF(" + orders + ", 0))");
        m.put(Metric.REFUND_RATE, "(" + refund + " / NULLIF(" + gmv + ", 0))");
        return new Plan(from, where, columns, m);
    }

    /**
     * Distinct buyers. An order without a buyer id (guest checkout, a source that sends none: stored hash "") is a
     * buyer of its own — never one shared "anonymous" buyer — so buyers ≥ 1 for every such order.
     */
    static final String BUYERS = "count(DISTINCT CASE WHEN f.buyer_hash <> '' THEN f.buyer_hash"
            + " ELSE 'order:' || f.source || '|' || f.external_order_id END)";

    private static void day(Map<Dimension, String> columns, String day) {
        columns.put(Dimension.DAY, day);
        columns.put(Dimension.WEEK, "date_trunc('week', " + day + ")::date");
        columns.put(Dimension.MONTH, "date_trunc('month', " + day + ")::date");
    }

    /**
     * Runs the question in one read-only transaction under {@code statement_timeout}: a scan that runs longer is
     * cancelled by PostgreSQL and answered with a 422 (narrow the period or the filters), never a 500 or a held
     * connection.
     */
    @Override
    public QueryResult run(String tenant, MetricQuery q) {
        try {
            return jdbc.inTransaction(() -> {
                jdbc.one("SELECT set_config('statement_timeout', ?, true)", row -> 1, String.valueOf(timeout.toMillis()));
                return answer(tenant, q);
            });
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof java.sql.SQLException sql && "57014".equals(sql.getSQLState())) {
                throw new ApiException(422, "Unprocessable Content", "the query ran longer than " + timeout.toMillis()
                        + " ms and was cancelled; narrow the period or add filters", "to");
            }
            throw e;
        }
    }

    private QueryResult answer(String tenant, MetricQuery q) {
        Source source = source(q);
        List<QueryResult.Row> rows = select(tenant, q, source);
        Map<String, Number> totals = q.totals() ? totals(tenant, q, q.from(), q.to()) : Map.of();
        LocalDate[] compare = q.compareRange();
        Map<String, Number> compareTotals = Map.of();
        if (compare != null) {
            MetricQuery previous = q.over(compare[0], compare[1], q.dimensions(), MetricQuery.MAX_LIMIT);
            Map<String, Map<String, Number>> byKey = new HashMap<>();
            for (QueryResult.Row row : select(tenant, previous, source(previous))) {
                byKey.put(key(q, row.dimensions(), true), row.metrics());
            }
            List<QueryResult.Row> matched = new ArrayList<>(rows.size());
            for (QueryResult.Row row : rows) {
                Map<String, Number> before = byKey.getOrDefault(key(q, row.dimensions(), false), Map.of());
                matched.add(new QueryResult.Row(row.dimensions(), row.metrics(), before, change(row.metrics(), before)));
            }
            rows = matched;
            if (q.totals()) {
                compareTotals = totals(tenant, q, compare[0], compare[1]);
            }
        }
        return new QueryResult(rows, totals, compareTotals, source.id(), zones.zone(tenant).getId(), q.from().toString(),
                q.to().toString(), compare == null ? null : compare[0].toString(), compare == null ? null : compare[1].toString());
    }

    private Map<String, Number> totals(String tenant, MetricQuery q, LocalDate from, LocalDate to) {
        MetricQuery total = q.over(from, to, List.of(), 1);
        List<QueryResult.Row> rows = select(tenant, total, source(total));
        return rows.isEmpty() ? zeros(q) : rows.getFirst().metrics();
    }

    private static Map<String, Number> zeros(MetricQuery q) {
        Map<String, Number> zeros = new LinkedHashMap<>();
        q.metrics().forEach(m -> zeros.put(m.id(), null));
        return zeros;
    }

    /** Matches a comparison row to the current row: the time dimension shifted forward by the comparison offset. */
    private static String key(MetricQuery q, Map<String, String> dims, boolean shiftForward) {
        StringBuilder key = new StringBuilder();
        for (Dimension d : q.dimensions()) {
            String value = dims.get(d.id());
            if (d.time() && shiftForward && value != null) {
                LocalDate date = LocalDate.parse(value);
                date = q.compare() == MetricQuery.Compare.YEAR_OVER_YEAR ? date.plusYears(1)
                        : date.plusDays(ChronoUnit.DAYS.between(q.from(), q.to()) + 1);
                if (d == Dimension.WEEK) {
                    date = date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                } else if (d == Dimension.MONTH) {
                    date = date.withDayOfMonth(1);
                }
                value = date.toString();
            }
            key.append(value).append('\u0001');
        }
        return key.toString();
    }

    private static Map<String, Double> change(Map<String, Number> now, Map<String, Number> before) {
        Map<String, Double> change = new LinkedHashMap<>();
        now.forEach((metric, value) -> {
            Number previous = before.get(metric);
            if (value != null && previous != null && previous.doubleValue() != 0) {
                change.put(metric, BigDecimal.valueOf((value.doubleValue() - previous.doubleValue()) / previous.doubleValue())
                        .setScale(4, RoundingMode.HALF_UP).doubleValue());
            } else {
                change.put(metric, null);
            }
        });
        return change;
    }

    /** Runs one query on the given source; also used by the benchmark to compare sources on the same question. */
    public List<QueryResult.Row> select(String tenant, MetricQuery q, Source source) {
        Plan plan = plan(source, q.metrics().contains(Metric.BUYERS));
        List<Object> params = new ArrayList<>(List.of(tenant, q.from(), q.to()));
        StringBuilder sql = new StringBuilder("SELECT ");
        List<String> select = new ArrayList<>();
        for (int i = 0; i < q.dimensions().size(); i++) {
            select.add(column(plan, q.dimensions().get(i)) + " AS d" + i);
        }
        for (Metric metric : q.metrics()) {
            String expression = plan.expressions().get(metric);
            if (expression == null) {
                throw new IllegalStateException(metric + " is not available on " + source);
            }
            select.add(expression + " AS m_" + metric.id());
        }
        sql.append(String.join(", ", select)).append(" FROM ").append(plan.from()).append(" WHERE ").append(plan.where());
        for (MetricQuery.Filter filter : q.filters()) {
            String placeholders = String.join(", ", java.util.Collections.nCopies(filter.values().size(), "?"));
            sql.append(" AND ").append(filter.op() == MetricQuery.Op.NOT_IN ? "NOT (" : "(")
                    .append(column(plan, filter.field())).append(" IN (").append(placeholders).append("))");
            params.addAll(filter.values());
        }
        if (!q.dimensions().isEmpty()) {
            sql.append(" GROUP BY ");
            List<String> groups = new ArrayList<>();
            for (int i = 0; i < q.dimensions().size(); i++) {
                groups.add(String.valueOf(i + 1));
            }
            sql.append(String.join(", ", groups));
            if (source != Source.FACTS && source != Source.FACT_ITEMS) {
                // rollup rows whose orders all left (cancelled, moved) stay behind as zeros: not a group
                sql.append(" HAVING sum(r.orders) <> 0");
            }
        }
        List<String> order = new ArrayList<>();
        for (MetricQuery.Sort sort : q.orderBy()) {
            order.add(alias(q, sort.field()) + (sort.descending() ? " DESC NULLS LAST" : " ASC NULLS LAST"));
        }
        if (q.orderBy().isEmpty()) {
            q.dimensions().stream().filter(Dimension::time).findFirst().ifPresentOrElse(
                    d -> order.add(alias(q, d.id()) + " ASC"),
                    () -> order.add(alias(q, q.metrics().getFirst().id()) + " DESC NULLS LAST"));
        }
        for (int i = 0; i < q.dimensions().size(); i++) {
            order.add("d" + i);
        }
        sql.append(" ORDER BY ").append(String.join(", ", order)).append(" LIMIT ?");
        params.add(q.limit());
        return jdbc.list(sql.toString(), row -> row(q, row), params.toArray());
    }

    private static String column(Plan plan, Dimension dimension) {
        String column = plan.columns().get(dimension);
        if (column == null) {
            throw new IllegalStateException(dimension + " is not available here");
        }
        return column;
    }

    private static String alias(MetricQuery q, String field) {
        for (int i = 0; i < q.dimensions().size(); i++) {
            if (q.dimensions().get(i).id().equals(field)) {
                return "d" + i;
            }
        }
        for (Metric metric : q.metrics()) {
            if (metric.id().equals(field)) {
                return "m_" + metric.id();
            }
        }
        throw new IllegalStateException("not a requested field: " + field);
    }

    private static final Set<Metric> COUNTS = Set.of(Metric.ORDERS, Metric.UNITS, Metric.BUYERS);

    private static QueryResult.Row row(MetricQuery q, ResultSet row) throws SQLException {
        Map<String, String> dims = new LinkedHashMap<>();
        for (int i = 0; i < q.dimensions().size(); i++) {
            Object value = row.getObject(i + 1);
            dims.put(q.dimensions().get(i).id(), value == null ? null : value.toString());
        }
        Map<String, Number> metrics = new LinkedHashMap<>();
        int column = q.dimensions().size() + 1;
        for (Metric metric : q.metrics()) {
            BigDecimal value = row.getBigDecimal(column++);
            Number number;
            if (value == null) {
                number = COUNTS.contains(metric) ? 0L : metric == Metric.GMV || metric == Metric.REFUND_AMOUNT ? BigDecimal.ZERO.setScale(2) : null;
            } else if (COUNTS.contains(metric)) {
                number = value.longValue();
            } else if (metric == Metric.REFUND_RATE) {
                number = value.setScale(4, RoundingMode.HALF_UP);
            } else {
                number = value.setScale(2, RoundingMode.HALF_UP);
            }
            metrics.put(metric.id(), number);
        }
        return new QueryResult.Row(dims, metrics, null, null);
    }
}
