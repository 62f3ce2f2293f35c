package com.bi.analysis.data;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.sql.DataSource;

import com.bi.analysis.domain.DayChanges;
import com.bi.analysis.domain.IngestResult;
import com.bi.analysis.domain.OrderFact;
import com.bi.analysis.domain.OrderStore;
import com.bi.analysis.domain.StoredReject;
import com.bi.analysis.domain.UnusableOrdersException;
import com.bi.analysis.domain.rollup.Contribution;
import com.bi.analysis.domain.rollup.IngestPlan;
import com.bi.analysis.domain.rollup.Measures;
import com.bi.analysis.domain.rollup.OrderBatch;
import com.bi.analysis.domain.rollup.OrderKey;
import com.bi.analysis.domain.rollup.ShopDay;
import com.bi.analysis.domain.rollup.SkuDay;
import com.bi.analysis.domain.rollup.StoredOrder;
import com.bi.common.data.Jdbc;
import com.bi.common.error.ApiException;
import com.bi.orders.OrderEvent;
import com.bi.orders.Texts;
import com.bi.orders.OrderLine;

/**
 * Facts and rollups in PostgreSQL. One ingest is one transaction that, per tenant (in tenant order, under a
 * transaction-scoped advisory lock so concurrent writers of one tenant queue instead of deadlocking on rollup rows):
 * reads the stored state of the batch's orders, lets the domain decide ({@link OrderBatch}: last-modified wins,
 * in-batch de-duplication, rollup contributions), and writes the decided facts, lines and rollup deltas as set-based
 * statements over arrays (every value a bind parameter).
 */
public final class JdbcOrderStore implements OrderStore {
    private static final String TENANT_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended(?, 7))";
    private final DataSource dataSource;
    private final Jdbc jdbc;
    private final TenantSettings zones;
    private final Duration lockTimeout;
    private final Duration rebuildTimeout;
    private volatile DayChanges dayChanges = DayChanges.NONE;

    /**
     * {@code lockTimeout}: how long an ingest or a rebuild waits for the tenant's lock (then a 503 / a retried job,
     * never a pooled connection held without end); {@code rebuildTimeout}: statement and socket timeout of a rebuild.
     */
    public JdbcOrderStore(DataSource dataSource, Jdbc jdbc, TenantSettings zones, Duration lockTimeout, Duration rebuildTimeout) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.zones = zones;
        this.lockTimeout = lockTimeout;
        this.rebuildTimeout = rebuildTimeout;
    }

    /** Who is told, after each commit, which days changed (bi-server's cache invalidation); none by default. */
    public void dayChanges(DayChanges listener) {
        this.dayChanges = listener;
    }

    public DayChanges dayChanges() {
        return dayChanges;
    }

    @Override
    public IngestResult ingest(Map<String, List<OrderEvent>> byTenant, List<Reject> rejects) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    setLocal(connection, "lock_timeout", lockTimeout);
                    IngestResult total = new IngestResult(0, 0);
                    Map<String, Set<LocalDate>> changed = new TreeMap<>();
                    for (String tenant : new TreeSet<>(byTenant.keySet())) {
                        total = total.plus(ingestTenant(connection, tenant, byTenant.get(tenant), changed));
                    }
                    insertRejects(connection, rejects);
                    connection.commit();
                    changed.forEach(dayChanges::changed);
                    return total;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    if (e instanceof SQLException sql && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))
                            && attempt < 3) {
                        continue;
                    }
                    if (e instanceof SQLException sql) {
                        throw classify(sql);
                    }
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw Jdbc.translate(e);
            }
        }
    }

    /** Sets a timeout for the current transaction only ({@code SET LOCAL}, with the value bound). */
    static void setLocal(Connection c, String setting, Duration value) throws SQLException {
        try (PreparedStatement set = c.prepareStatement("SELECT set_config(?, ?, true)")) {
            set.setString(1, setting);
            set.setString(2, String.valueOf(Math.max(1, value.toMillis())));
            set.execute();
        }
    }

    /**
     * Failures retrying cannot fix (a value the column refuses: SQLSTATE class 22 data exception, 23 integrity, 54
     * limits) are {@link UnusableOrdersException}s, so a consumer sets the culprit aside instead of retrying the batch
     * forever; a lock wait past {@code lockTimeout} is a 503 (retry later); the rest as the kit maps them.
     */
    static RuntimeException classify(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("55P03")) {
            return ApiException.unavailable("the tenant's orders are locked by another ingest or a rollup rebuild; retry shortly");
        }
        if (state.startsWith("22") || state.startsWith("23") || state.startsWith("54")) {
            String why = e instanceof org.postgresql.util.PSQLException pg && pg.getServerErrorMessage() != null
                    ? pg.getServerErrorMessage().getMessage() : "";
            return new UnusableOrdersException("the database refused the orders (SQLSTATE " + state + "): " + why, e);
        }
        return Jdbc.translate(e);
    }

    private IngestResult ingestTenant(Connection c, String tenant, List<OrderEvent> events, Map<String, Set<LocalDate>> changed)
            throws SQLException {
        if (events.isEmpty()) {
            return new IngestResult(0, 0);
        }
        lockTenant(c, tenant);
        // read under the lock, in this transaction: the zone committed last, never a cached one
        ZoneId zone = zones.zone(c, tenant);
        OrderBatch batch = OrderBatch.of(tenant, events);
        IngestPlan plan = batch.against(load(c, tenant, batch.keys()), zone);
        if (!plan.writesNothing()) {
            deleteLines(c, tenant, plan.replace());
            upsertFacts(c, tenant, zone, plan.apply());
            insertLines(c, tenant, zone, plan.apply());
            applyShopDeltas(c, tenant, plan.shopDeltas());
            applySkuDeltas(c, tenant, plan.skuDeltas());
            // every change of a counted order moves its shop's day (old and new day when it moved)
            Set<LocalDate> days = changed.computeIfAbsent(tenant, t -> new TreeSet<>());
            plan.shopDeltas().keySet().forEach(key -> days.add(key.day()));
            plan.skuDeltas().keySet().forEach(key -> days.add(key.day()));
        }
        return plan.result();
    }

    private static Array text(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }

    private Map<OrderKey, StoredOrder> load(Connection c, String tenant, Collection<OrderKey> keys) throws SQLException {
        List<String> sources = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (OrderKey key : keys) {
            sources.add(key.source());
            ids.add(key.externalOrderId());
        }
        Map<OrderKey, List<OrderLine>> lines = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement("""
                SELECT i.source, i.external_order_id, i.sku, i.category, i.quantity, i.amount, i.refund_amount
                FROM order_item i JOIN unnest(?::text[], ?::text[]) AS k(source, ext)
                  ON i.source = k.source AND i.external_order_id = k.ext
                WHERE i.tenant_id = ? ORDER BY i.source, i.external_order_id, i.line_no""")) {
            select.setArray(1, text(c, sources));
            select.setArray(2, text(c, ids));
            select.setString(3, tenant);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    lines.computeIfAbsent(new OrderKey(rows.getString(1), rows.getString(2)), k -> new ArrayList<>())
                            .add(new OrderLine(rows.getString(3), rows.getString(4), rows.getInt(5), rows.getBigDecimal(6), rows.getBigDecimal(7)));
                }
            }
        }
        Map<OrderKey, StoredOrder> stored = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement("""
                SELECT f.source, f.external_order_id, f.shop_id, f.platform, f.counted, f.pay_day, f.pay_amount,
                       f.refund_amount, f.units, f.modified_time, f.version
                FROM order_fact f JOIN unnest(?::text[], ?::text[]) AS k(source, ext)
                  ON f.source = k.source AND f.external_order_id = k.ext
                WHERE f.tenant_id = ?
                FOR UPDATE OF f""")) {
            select.setArray(1, text(c, sources));
            select.setArray(2, text(c, ids));
            select.setString(3, tenant);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    OrderKey key = new OrderKey(rows.getString(1), rows.getString(2));
                    java.sql.Date day = rows.getDate(6);
                    stored.put(key, new StoredOrder(rows.getString(3), rows.getString(4), rows.getBoolean(5),
                            day == null ? null : day.toLocalDate(), rows.getBigDecimal(7), rows.getBigDecimal(8), rows.getInt(9),
                            rows.getTimestamp(10).toInstant(), rows.getLong(11), lines.getOrDefault(key, List.of())));
                }
            }
        }
        return stored;
    }

    private static void deleteLines(Connection c, String tenant, List<OrderEvent> replace) throws SQLException {
        if (replace.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = c.prepareStatement("""
                DELETE FROM order_item i USING unnest(?::text[], ?::text[]) AS k(source, ext)
                WHERE i.tenant_id = ? AND i.source = k.source AND i.external_order_id = k.ext""")) {
            delete.setArray(1, text(c, replace.stream().map(OrderEvent::source).toList()));
            delete.setArray(2, text(c, replace.stream().map(OrderEvent::externalOrderId).toList()));
            delete.setString(3, tenant);
            delete.executeUpdate();
        }
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }

    private static void upsertFacts(Connection c, String tenant, ZoneId zone, List<OrderEvent> orders) throws SQLException {
        int n = orders.size();
        List<List<String>> columns = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            columns.add(new ArrayList<>(n));
        }
        for (OrderEvent e : orders) {
            boolean counted = e.counted();
            Object[] values = {e.source(), e.externalOrderId(), e.shopId(), e.platform(), e.orderTime(), e.payTime(),
                    e.status(), counted, Contribution.payDay(e, zone), e.buyerHash(),
                    e.payAmount().toPlainString(), e.freight().toPlainString(), e.discount().toPlainString(),
                    e.refundAmount().toPlainString(), Contribution.units(e.items()), e.modifiedTime(), e.version()};
            for (int i = 0; i < values.length; i++) {
                columns.get(i).add(str(values[i]));
            }
        }
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO order_fact (tenant_id, source, external_order_id, shop_id, platform, order_time, pay_time, status,
                    counted, pay_day, buyer_hash, pay_amount, freight, discount, refund_amount, units, modified_time, version)
                SELECT ?, * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[],
                    ?::boolean[], ?::date[], ?::text[], ?::numeric[], ?::numeric[], ?::numeric[], ?::numeric[], ?::int[],
                    ?::timestamptz[], ?::bigint[])
                ON CONFLICT ON CONSTRAINT order_fact_pk DO UPDATE SET
                    shop_id = EXCLUDED.shop_id, platform = EXCLUDED.platform, order_time = EXCLUDED.order_time,
                    pay_time = EXCLUDED.pay_time, status = EXCLUDED.status, counted = EXCLUDED.counted,
                    pay_day = EXCLUDED.pay_day, buyer_hash = EXCLUDED.buyer_hash, pay_amount = EXCLUDED.pay_amount,
                    freight = EXCLUDED.freight, discount = EXCLUDED.discount, refund_amount = EXCLUDED.refund_amount,
                    units = EXCLUDED.units, modified_time = EXCLUDED.modified_time, version = EXCLUDED.version,
                    ingested_at = now()""")) {
            upsert.setString(1, tenant);
            for (int i = 0; i < columns.size(); i++) {
                upsert.setArray(i + 2, text(c, columns.get(i)));
            }
            upsert.executeUpdate();
        }
    }

    private static void insertLines(Connection c, String tenant, ZoneId zone, List<OrderEvent> orders) throws SQLException {
        List<List<String>> columns = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            columns.add(new ArrayList<>());
        }
        for (OrderEvent e : orders) {
            boolean counted = e.counted();
            LocalDate day = Contribution.payDay(e, zone);
            int lineNo = 0;
            for (OrderLine line : e.items()) {
                Object[] values = {e.source(), e.externalOrderId(), ++lineNo, line.sku(), line.category(), line.quantity(),
                        line.amount().toPlainString(), line.refundAmount().toPlainString(), e.shopId(), e.platform(), counted, day};
                for (int i = 0; i < values.length; i++) {
                    columns.get(i).add(str(values[i]));
                }
            }
        }
        if (columns.getFirst().isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO order_item (tenant_id, source, external_order_id, line_no, sku, category, quantity, amount,
                    refund_amount, shop_id, platform, counted, pay_day)
                SELECT ?, * FROM unnest(?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::int[], ?::numeric[],
                    ?::numeric[], ?::text[], ?::text[], ?::boolean[], ?::date[])""")) {
            insert.setString(1, tenant);
            for (int i = 0; i < columns.size(); i++) {
                insert.setArray(i + 2, text(c, columns.get(i)));
            }
            insert.executeUpdate();
        }
    }

    private static void applyShopDeltas(Connection c, String tenant, Map<ShopDay, Measures> deltas) throws SQLException {
        List<List<String>> columns = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            columns.add(new ArrayList<>());
        }
        deltas.forEach((key, delta) -> {
            Object[] values = {key.day(), key.shop(), delta.platform(), delta.gmv().toPlainString(), delta.orders(), delta.units(),
                    delta.refund().toPlainString()};
            for (int i = 0; i < values.length; i++) {
                columns.get(i).add(str(values[i]));
            }
        });
        if (columns.getFirst().isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO rollup_shop_day AS r (tenant_id, day, shop_id, platform, gmv, orders, units, refund_amount)
                SELECT ?, * FROM unnest(?::date[], ?::text[], ?::text[], ?::numeric[], ?::bigint[], ?::bigint[], ?::numeric[])
                ON CONFLICT ON CONSTRAINT rollup_shop_day_pk DO UPDATE SET
                    platform = EXCLUDED.platform, gmv = r.gmv + EXCLUDED.gmv, orders = r.orders + EXCLUDED.orders,
                    units = r.units + EXCLUDED.units, refund_amount = r.refund_amount + EXCLUDED.refund_amount""")) {
            upsert.setString(1, tenant);
            for (int i = 0; i < columns.size(); i++) {
                upsert.setArray(i + 2, text(c, columns.get(i)));
            }
            upsert.executeUpdate();
        }
    }

    private static void applySkuDeltas(Connection c, String tenant, Map<SkuDay, Measures> deltas) throws SQLException {
        List<List<String>> columns = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            columns.add(new ArrayList<>());
        }
        deltas.forEach((key, delta) -> {
            Object[] values = {key.day(), key.shop(), key.sku(), delta.platform(), delta.category(), delta.gmv().toPlainString(),
                    delta.orders(), delta.units(), delta.refund().toPlainString()};
            for (int i = 0; i < values.length; i++) {
                columns.get(i).add(str(values[i]));
            }
        });
        if (columns.getFirst().isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO rollup_sku_day AS r (tenant_id, day, shop_id, sku, platform, category, gmv, orders, units, refund_amount)
                SELECT ?, * FROM unnest(?::date[], ?::text[], ?::text[], ?::text[], ?::text[], ?::numeric[], ?::bigint[],
                    ?::bigint[], ?::numeric[])
                ON CONFLICT ON CONSTRAINT rollup_sku_day_pk DO UPDATE SET
                    platform = EXCLUDED.platform, category = EXCLUDED.category, gmv = r.gmv + EXCLUDED.gmv,
                    orders = r.orders + EXCLUDED.orders, units = r.units + EXCLUDED.units,
                    refund_amount = r.refund_amount + EXCLUDED.refund_amount""")) {
            upsert.setString(1, tenant);
            for (int i = 0; i < columns.size(); i++) {
                upsert.setArray(i + 2, text(c, columns.get(i)));
            }
            upsert.executeUpdate();
        }
        // the same deltas summed over shops (an order has one shop, so every measure adds up)
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO rollup_tenant_sku_day AS r (tenant_id, day, sku, category, gmv, orders, units, refund_amount)
                SELECT ?, d.day, d.sku, max(d.category), sum(d.gmv), sum(d.orders), sum(d.units), sum(d.refund)
                FROM unnest(?::date[], ?::text[], ?::text[], ?::text[], ?::text[], ?::numeric[], ?::bigint[], ?::bigint[],
                    ?::numeric[]) AS d(day, shop, sku, platform, category, gmv, orders, units, refund)
                GROUP BY d.day, d.sku
                ON CONFLICT ON CONSTRAINT rollup_tenant_sku_day_pk DO UPDATE SET
                    category = EXCLUDED.category, gmv = r.gmv + EXCLUDED.gmv, orders = r.orders + EXCLUDED.orders,
                    units = r.units + EXCLUDED.units, refund_amount = r.refund_amount + EXCLUDED.refund_amount""")) {
            upsert.setString(1, tenant);
            for (int i = 0; i < columns.size(); i++) {
                upsert.setArray(i + 2, text(c, columns.get(i)));
            }
            upsert.executeUpdate();
        }
    }

    private static void insertRejects(Connection c, List<Reject> rejects) throws SQLException {
        if (rejects.isEmpty()) {
            return;
        }
        // a re-delivered record (crash before the offset commit) is stored once; hostile text is made storable
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO ingest_reject (tenant_id, origin, reason, payload) VALUES (?, ?, ?, ?) ON CONFLICT (origin) DO NOTHING")) {
            for (Reject reject : rejects) {
                insert.setString(1, reject.tenantId() == null ? null : Texts.printable(reject.tenantId(), 64));
                insert.setString(2, Texts.printable(reject.origin(), 300));
                insert.setString(3, Texts.printable(reject.reason(), 1000));
                insert.setString(4, Texts.printable(reject.payload(), 100_000));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    static void lockTenant(Connection c, String tenant) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(TENANT_LOCK)) {
            lock.setString(1, "analysis.tenant:" + tenant);
            lock.execute();
        }
    }

    /** A rebuild in its own transaction (tests, benchmark); the service runs them as {@link JdbcRollupJobs}. */
    @Override
    public void rebuild(String tenant) {
        inRebuildTransaction(c -> rebuild(c, tenant));
        dayChanges.all(tenant);
    }

    @FunctionalInterface
    interface RebuildWork<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * A transaction for a rebuild on its own connection: the socket timeout raised to {@code rebuildTimeout} (the
     * pool's 60 s would cut a large tenant's rebuild), {@code statement_timeout} and {@code lock_timeout} set.
     */
    <T> T inRebuildTransaction(RebuildWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            int before = c.getNetworkTimeout();
            c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, rebuildTimeout.plusSeconds(30).toMillis()));
            c.setAutoCommit(false);
            try {
                setLocal(c, "lock_timeout", lockTimeout);
                setLocal(c, "statement_timeout", rebuildTimeout);
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
                c.setNetworkTimeout(Runnable::run, before);
            }
        } catch (SQLException e) {
            throw classify(e);
        }
    }

    /** Recomputes the tenant's pay days (in the zone committed now) and rollups from its facts, on {@code c}'s transaction. */
    ZoneId rebuild(Connection c, String tenant) throws SQLException {
        lockTenant(c, tenant);
        ZoneId zone = zones.zone(c, tenant);
        exec(c, "UPDATE order_fact SET pay_day = CASE WHEN counted THEN (pay_time AT TIME ZONE ?)::date END WHERE tenant_id = ?",
                zone.getId(), tenant);
        exec(c, """
                UPDATE order_item i SET pay_day = f.pay_day FROM order_fact f
                WHERE i.tenant_id = ? AND f.tenant_id = i.tenant_id AND f.source = i.source
                  AND f.external_order_id = i.external_order_id AND i.pay_day IS DISTINCT FROM f.pay_day""", tenant);
        exec(c, "DELETE FROM rollup_shop_day WHERE tenant_id = ?", tenant);
        exec(c, "DELETE FROM rollup_sku_day WHERE tenant_id = ?", tenant);
        exec(c, "DELETE FROM rollup_tenant_sku_day WHERE tenant_id = ?", tenant);
        exec(c, """
                INSERT INTO rollup_shop_day (tenant_id, day, shop_id, platform, gmv, orders, units, refund_amount)
                SELECT tenant_id, pay_day, shop_id, max(platform), sum(pay_amount), count(*), sum(units), sum(refund_amount)
                FROM order_fact WHERE tenant_id = ? AND counted GROUP BY tenant_id, pay_day, shop_id""", tenant);
        exec(c, """
                INSERT INTO rollup_sku_day (tenant_id, day, shop_id, sku, platform, category, gmv, orders, units, refund_amount)
                SELECT tenant_id, pay_day, shop_id, sku, max(platform), max(category), sum(amount),
                       count(DISTINCT (source, external_order_id)), sum(quantity), sum(refund_amount)
                FROM order_item WHERE tenant_id = ? AND counted GROUP BY tenant_id, pay_day, shop_id, sku""", tenant);
        exec(c, """
                INSERT INTO rollup_tenant_sku_day (tenant_id, day, sku, category, gmv, orders, units, refund_amount)
                SELECT tenant_id, day, sku, max(category), sum(gmv), sum(orders), sum(units), sum(refund_amount)
                FROM rollup_sku_day WHERE tenant_id = ? GROUP BY tenant_id, day, sku""", tenant);
        return zone;
    }

    static int exec(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            return statement.executeUpdate();
        }
    }

    @Override
    public Optional<OrderFact> order(String tenant, String source, String externalOrderId) {
        List<OrderLine> items = jdbc.list("""
                SELECT sku, category, quantity, amount, refund_amount FROM order_item
                WHERE tenant_id = ? AND source = ? AND external_order_id = ? ORDER BY line_no""",
                row -> new OrderLine(row.getString(1), row.getString(2), row.getInt(3), row.getBigDecimal(4), row.getBigDecimal(5)),
                tenant, source, externalOrderId);
        return jdbc.one("""
                SELECT source, external_order_id, shop_id, platform, order_time, pay_time, status, counted, pay_day,
                       pay_amount, freight, discount, refund_amount, units, modified_time, version
                FROM order_fact WHERE tenant_id = ? AND source = ? AND external_order_id = ?""", row -> new OrderFact(
                row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getTimestamp(5).toInstant(),
                row.getTimestamp(6) == null ? null : row.getTimestamp(6).toInstant(), row.getString(7), row.getBoolean(8),
                row.getDate(9) == null ? null : row.getDate(9).toLocalDate(), row.getBigDecimal(10), row.getBigDecimal(11),
                row.getBigDecimal(12), row.getBigDecimal(13), row.getInt(14), row.getTimestamp(15).toInstant(), row.getLong(16),
                items), tenant, source, externalOrderId);
    }

    @Override
    public List<StoredReject> rejects(String tenant, int limit) {
        return jdbc.list("SELECT id, origin, reason, payload, received_at FROM ingest_reject WHERE tenant_id = ? ORDER BY id DESC LIMIT ?",
                row -> new StoredReject(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getTimestamp(5).toInstant()), tenant, limit);
    }
}
