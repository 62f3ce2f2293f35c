package com.bi.analysis.data;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

import com.bi.analysis.domain.DayChanges;
import com.bi.common.cache.OrderDayVersions;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;

/**
 * Day changes as version bumps in Redis ({@link OrderDayVersions}), read by bi-server's dashboard cache. The orders
 * are committed already: a Redis failure is logged (at most once a minute) and counted in
 * {@code bi_analysis_day_changes_failures_total}; cached answers then live until their TTL.
 */
public final class RedisDayChanges implements DayChanges, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RedisDayChanges.class.getName());
    private final OrderDayVersions versions;
    private final Counter failures;
    private final AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.EPOCH);

    public RedisDayChanges(OrderDayVersions versions, MeterRegistry registry) {
        this.versions = versions;
        this.failures = registry.getOrCreate(Counter.builder("bi.analysis.day.changes.failures")
                .description("Changed order days that could not be announced to the dashboard caches (Redis failed)"));
    }

    @Override
    public void changed(String tenant, Set<LocalDate> days) {
        try {
            versions.bump(tenant, days);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void all(String tenant) {
        try {
            versions.bumpAll(tenant);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void close() {
        versions.close();
    }

    private void failed(RuntimeException e) {
        failures.increment();
        Instant now = Instant.now();
        Instant last = lastWarning.get();
        if (now.isAfter(last.plusSeconds(60)) && lastWarning.compareAndSet(last, now)) {
            LOG.warning("changed order days could not be announced in Redis (" + e.getClass().getSimpleName()
                    + "); cached dashboards stay until their TTL");
        }
    }
}
