package com.bi.common.observe;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import io.helidon.metrics.api.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The standard Micrometer JVM meters ({@code jvm_memory_used_bytes}, {@code jvm_gc_pause_seconds},
 * {@code jvm_threads_live_threads}, {@code process_cpu_usage} …) next to Helidon's own, because the platform's
 * Grafana dashboards and alerts use these names.
 */
public final class JvmMetrics {
    private static final AtomicBoolean BOUND = new AtomicBoolean();

    private JvmMetrics() {
    }

    @SuppressWarnings("resource") // the GC binder lives as long as the process
    public static void bind(MeterRegistry registry) {
        if (!BOUND.compareAndSet(false, true)) {
            return;
        }
        try {
            io.micrometer.core.instrument.MeterRegistry micrometer = registry.unwrap(io.micrometer.core.instrument.MeterRegistry.class);
            new JvmMemoryMetrics().bindTo(micrometer);
            new JvmThreadMetrics().bindTo(micrometer);
            new ClassLoaderMetrics().bindTo(micrometer);
            new ProcessorMetrics().bindTo(micrometer);
            new UptimeMetrics().bindTo(micrometer);
            // not Micrometer's JvmGcMetrics: it registers meters from the GC notification thread (see GcPauseMetrics)
            GcPauseMetrics.bind(registry);
        } catch (RuntimeException e) {
            Logger.getLogger(JvmMetrics.class.getName()).warning("JVM meters unavailable: " + e);
        }
    }
}
