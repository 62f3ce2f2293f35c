package com.bi.common.observe;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/**
 * Per-route RED metrics: {@code http_server_requests_seconds{method,route,status}} as a Prometheus histogram
 * (count = rate, status = errors, buckets = latency). {@code route} is the matched pattern
 * ({@code /api/basic/v1/shops/{id}}), never the raw path, so ids don't explode the series.
 */
public final class HttpMetrics {
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String method, String route, int status, double seconds) {
        Timer timer = registry.getOrCreate(Timer.builder("http.server.requests")
                .description("HTTP requests by route and status")
                .buckets(BUCKETS)
                .tags(List.of(Tag.create("method", method), Tag.create("route", route),
                        Tag.create("status", Integer.toString(status)))));
        timer.record((long) (seconds * 1e9), TimeUnit.NANOSECONDS);
    }
}
