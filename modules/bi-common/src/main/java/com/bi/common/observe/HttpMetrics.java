package com.bi.common.observe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/**
 * Per-route RED metrics: {@code http_server_requests_seconds{method,route,status}} as a Prometheus histogram
 * (count = rate, status = errors, buckets = latency). {@code route} is the matched pattern
 * ({@code /api/basic/v1/shops/{id}}), never the raw path, so ids don't explode the series; {@code method} is one of
 * the standard HTTP methods or {@code _OTHER}, whatever a client sends.
 *
 * <p>Each series' timer is looked up in the registry once and then kept here: the registry's lookup builds a meter
 * id and takes its lock, which every request would otherwise do.
 */
public final class HttpMetrics {
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
            "TRACE", "CONNECT");
    /** Beyond this many series the timers are still recorded, just looked up in the registry each time. */
    static final int MAX_KEPT = 4_096;

    private record Series(String method, String route, int status) {
    }

    private final MeterRegistry registry;
    private final Map<Series, Timer> timers = new ConcurrentHashMap<>();
    private final int maxKept;

    public HttpMetrics(MeterRegistry registry) {
        this(registry, MAX_KEPT);
    }

    HttpMetrics(MeterRegistry registry, int maxKept) {
        this.registry = registry;
        this.maxKept = maxKept;
    }

    public void record(String method, String route, int status, double seconds) {
        record(method, route, status, (long) (seconds * 1e9));
    }

    public void record(String method, String route, int status, long nanos) {
        timer(method, route, status).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** How many series' timers are kept (for tests). */
    int kept() {
        return timers.size();
    }

    private Timer timer(String method, String route, int status) {
        Series series = new Series(METHODS.contains(method) ? method : "_OTHER", route, status);
        Timer timer = timers.get(series);
        if (timer == null) {
            timer = registry.getOrCreate(Timer.builder("http.server.requests")
                    .description("HTTP requests by route and status")
                    .buckets(BUCKETS)
                    .tags(List.of(Tag.create("method", series.method()), Tag.create("route", route),
                            Tag.create("status", Integer.toString(status)))));
            if (timers.size() < maxKept) {
                timers.putIfAbsent(series, timer);
            }
        }
        return timer;
    }
}
