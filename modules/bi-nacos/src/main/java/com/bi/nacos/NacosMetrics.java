package com.bi.nacos;

import java.util.List;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;

/**
 * Nacos counters on the kit's registry ({@code /observe/metrics}):
 * {@code bi_nacos_config_updates_total{service}} applied pushes,
 * {@code bi_nacos_config_rejected_total{service}} invalid pushes kept out,
 * {@code bi_nacos_config_cache_used_total{service}} starts on the last-good cache because Nacos was unreachable.
 */
public final class NacosMetrics {
    private NacosMetrics() {
    }

    public static void updated(String service) {
        counter("bi.nacos.config.updates", "Pushed Nacos configurations applied", service).increment();
    }

    public static void rejected(String service) {
        counter("bi.nacos.config.rejected", "Pushed Nacos configurations rejected as invalid (last good kept)", service).increment();
    }

    public static void cacheUsed(String service) {
        counter("bi.nacos.config.cache.used", "Starts on the cached Nacos configuration (Nacos unreachable)", service).increment();
    }

    public static double count(String name, String service) {
        return counter(name, "", service).count();
    }

    @SuppressWarnings("deprecation")
    private static Counter counter(String name, String description, String service) {
        MeterRegistry registry = Metrics.globalRegistry();
        return registry.getOrCreate(Counter.builder(name).description(description)
                .tags(List.of(Tag.create("service", service))));
    }
}
