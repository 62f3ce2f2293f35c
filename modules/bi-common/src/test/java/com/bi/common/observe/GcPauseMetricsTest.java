package com.bi.common.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Timer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GcPauseMetricsTest {

    @SuppressWarnings("removal")
    private static final MeterRegistry REGISTRY = Metrics.globalRegistry();

    @Test
    void gcPausesAreRecordedThroughHelidonsRegistry() throws Exception {
        JvmMetrics.bind(REGISTRY);
        System.gc();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long count = 0;
        while (count == 0 && System.nanoTime() < deadline) {
            count = REGISTRY.meters().stream()
                    .filter(m -> m instanceof Timer && m.id().name().equals("jvm.gc.pause"))
                    .mapToLong(m -> ((Timer) m).count()).sum();
            Thread.sleep(50);
        }
        assertTrue(count > 0, "a System.gc() shows up in jvm.gc.pause");
    }

    /** Meters registered from many threads while collections run: the GC listener must not take locks in the
     *  opposite order (Micrometer's JvmGcMetrics did, and a start-up deadlocked). Ends, or the test times out. */
    @Test
    void registeringMetersWhileCollectingNeverDeadlocks() {
        JvmMetrics.bind(REGISTRY);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
                List<Future<?>> work = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    work.add(pool.submit(() -> {
                        for (int i = 0; i < 3_000; i++) {
                            REGISTRY.getOrCreate(Counter.builder("gc.race.test." + thread + "." + i)).increment();
                        }
                    }));
                }
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 30; i++) {
                        System.gc();
                    }
                }));
                for (Future<?> f : work) {
                    f.get();
                }
            }
        });
    }
}
