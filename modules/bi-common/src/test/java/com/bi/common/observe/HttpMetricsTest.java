package com.bi.common.observe;

import java.util.List;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Timers kept per series, counted in the registry; the method label bounded to the standard methods. The kit's
 * registry is the global one (a second Micrometer-backed registry in one JVM is not isolated from it), so every test
 * uses the {@code unmatched} route with status codes no server here answers, and adds no route label.
 */
class HttpMetricsTest {
    private static final String ROUTE = "unmatched";

    @SuppressWarnings("deprecation") // the kit's registry (ServiceKit uses the same)
    private static MeterRegistry registry() {
        return Metrics.globalRegistry();
    }

    private static long count(String method, int status) {
        return registry().timer("http.server.requests", List.of(Tag.create("method", method), Tag.create("route", ROUTE),
                Tag.create("status", Integer.toString(status)))).map(Timer::count).orElse(0L);
    }

    @Test
    void everyRequestIsCountedInItsSeriesThroughTheKeptTimer() {
        HttpMetrics metrics = new HttpMetrics(registry());
        for (int i = 0; i < 50; i++) {
            metrics.record("GET", ROUTE, 299, 1_000_000L);
        }
        metrics.record("GET", ROUTE, 298, 0.002);
        assertThat(count("GET", 299), is(50L));
        assertThat(count("GET", 298), is(1L));
        assertThat(metrics.kept(), is(2));
    }

    @Test
    void methodsOutsideTheStandardOnesShareOneLabel() {
        HttpMetrics metrics = new HttpMetrics(registry());
        for (int i = 0; i < 100; i++) {
            metrics.record("BREW" + i, ROUTE, 297, 1_000L);
        }
        assertThat(count("_OTHER", 297), is(100L));
        assertThat(metrics.kept(), is(1));
    }

    @Test
    void theKeptTimersAreBoundedAndSeriesBeyondStillCount() {
        HttpMetrics metrics = new HttpMetrics(registry(), 50);
        for (int status = 600; status < 750; status++) {
            metrics.record("TRACE", ROUTE, status, 1_000L);
        }
        metrics.record("TRACE", ROUTE, 749, 1_000L);
        assertThat(metrics.kept(), is(50));
        assertThat(count("TRACE", 749), is(2L));
        assertThat(count("TRACE", 600), is(1L));
    }
}
