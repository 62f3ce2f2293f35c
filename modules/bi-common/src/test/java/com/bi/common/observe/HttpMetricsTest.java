package com.bi.common.observe;

import java.util.List;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsConfig;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Timers kept per series, counted in the registry; the method label bounded to the standard methods. */
class HttpMetricsTest {
    private static MeterRegistry registry() {
        return MetricsFactory.getInstance().createMeterRegistry(MetricsConfig.create());
    }

    private static long count(MeterRegistry registry, String method, String route, int status) {
        return registry.timer("http.server.requests", List.of(Tag.create("method", method), Tag.create("route", route),
                Tag.create("status", Integer.toString(status)))).map(Timer::count).orElse(0L);
    }

    @Test
    void everyRequestIsCountedInItsSeriesThroughTheKeptTimer() {
        MeterRegistry registry = registry();
        HttpMetrics metrics = new HttpMetrics(registry);
        for (int i = 0; i < 50; i++) {
            metrics.record("GET", "/api/x/v1/things/{id}", 200, 1_000_000L);
        }
        metrics.record("GET", "/api/x/v1/things/{id}", 404, 0.002);
        assertThat(count(registry, "GET", "/api/x/v1/things/{id}", 200), is(50L));
        assertThat(count(registry, "GET", "/api/x/v1/things/{id}", 404), is(1L));
        assertThat(metrics.kept(), is(2));
    }

    @Test
    void methodsOutsideTheStandardOnesShareOneLabel() {
        MeterRegistry registry = registry();
        HttpMetrics metrics = new HttpMetrics(registry);
        for (int i = 0; i < 100; i++) {
            metrics.record("BREW" + i, "unmatched", 405, 1_000L);
        }
        assertThat(count(registry, "_OTHER", "unmatched", 405), is(100L));
        assertThat(metrics.kept(), is(1));
    }

    @Test
    void theKeptTimersAreBoundedAndSeriesBeyondStillCount() {
        MeterRegistry registry = registry();
        HttpMetrics metrics = new HttpMetrics(registry, 50);
        int series = 150;
        for (int i = 0; i < series; i++) {
            metrics.record("GET", "/r" + i, 200, 1_000L);
        }
        metrics.record("GET", "/r" + (series - 1), 200, 1_000L);
        assertThat(metrics.kept(), is(50));
        assertThat(count(registry, "GET", "/r" + (series - 1), 200), is(2L));
    }
}
