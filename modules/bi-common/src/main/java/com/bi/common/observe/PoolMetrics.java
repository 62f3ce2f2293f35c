package com.bi.common.observe;

import java.util.List;
import java.util.function.ToDoubleFunction;

import com.bi.common.data.Database;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

/** Connection-pool gauges: {@code db_pool_connections{state=active|idle|total|pending}}. */
public final class PoolMetrics {
    private PoolMetrics() {
    }

    public static void register(MeterRegistry registry, Database database) {
        gauge(registry, database, "active", HikariPoolMXBean::getActiveConnections);
        gauge(registry, database, "idle", HikariPoolMXBean::getIdleConnections);
        gauge(registry, database, "total", HikariPoolMXBean::getTotalConnections);
        gauge(registry, database, "pending", HikariPoolMXBean::getThreadsAwaitingConnection);
    }

    private static void gauge(MeterRegistry registry, Database database, String state, ToDoubleFunction<HikariPoolMXBean> read) {
        registry.getOrCreate(Gauge.builder("db.pool.connections", database, db -> read.applyAsDouble(db.poolStats()))
                .description("Database connections in the pool by state")
                .tags(List.of(Tag.create("state", state))));
    }
}
