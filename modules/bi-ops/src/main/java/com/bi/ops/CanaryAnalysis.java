package com.bi.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compares the canary track with the stable track over one step's window, from the services' request histogram
 * {@code http_server_requests_seconds{method,route,status}} (health/observe routes excluded), and decides.
 *
 * <p>Which series belong to which track: with {@code service} (works with the chart as it is) the canary is what
 * Prometheus scraped through {@code <service>-preview} — the Service selecting the idle track, where the gateway's
 * traffic-split sends the canary share — and the stable track is {@code <service>}. With {@code track} a
 * target label carrying the pod's {@code bi-platform.io/track} (a ServiceMonitor relabeling) selects them directly.
 */
public final class CanaryAnalysis {

    /** Limits a step must stay within. Absolute limits default to the chart's alert thresholds. */
    public record Thresholds(double maxErrorRatio, double maxErrorRatioIncrease, double maxP99Seconds,
                             double maxP99Factor, long minRequests) {
        public static Thresholds defaults() {
            return new Thresholds(0.05, 0.01, 2.0, 1.5, 50);
        }
    }

    public record TrackSample(double requests, double errorRatio, double p99Seconds) {
    }

    public record Check(String name, boolean pass, String detail) {
    }

    public record Verdict(TrackSample canary, TrackSample stable, List<Check> checks, List<String> queries) {
        public boolean pass() {
            return checks.stream().allMatch(Check::pass);
        }
    }

    /** How the series of each track are told apart. */
    public record Selectors(String canary, String stable) {
        public static Selectors byService(String namespace, String service) {
            return new Selectors(
                    "namespace=\"" + namespace + "\", service=\"" + service + "-preview\"",
                    "namespace=\"" + namespace + "\", service=\"" + service + "\"");
        }

        public static Selectors byTrack(String namespace, String service, String label, String canaryTrack, String stableTrack) {
            String base = "namespace=\"" + namespace + "\", service=~\"" + service + "(-preview)?\", " + label + "=";
            return new Selectors(base + "\"" + canaryTrack + "\"", base + "\"" + stableTrack + "\"");
        }
    }

    private final Prometheus prometheus;
    private final Thresholds thresholds;

    public CanaryAnalysis(Prometheus prometheus, Thresholds thresholds) {
        this.prometheus = prometheus;
        this.thresholds = thresholds;
    }

    static String window(Duration d) {
        return d.toSeconds() + "s";
    }

    static String requestsQuery(String sel, Duration w) {
        return "sum(increase(http_server_requests_seconds_count{" + sel + ", route!~\"/observe/.*\"}[" + window(w) + "]))";
    }

    static String errorRatioQuery(String sel, Duration w) {
        String s = sel + ", route!~\"/observe/.*\"";
        return "(sum(rate(http_server_requests_seconds_count{" + s + ", status=~\"5..\"}[" + window(w) + "])) or vector(0))"
                + " / sum(rate(http_server_requests_seconds_count{" + s + "}[" + window(w) + "]))";
    }

    static String p99Query(String sel, Duration w) {
        return "histogram_quantile(0.99, sum by (le) (rate(http_server_requests_seconds_bucket{" + sel
                + ", route!~\"/observe/.*\"}[" + window(w) + "])))";
    }

    public Verdict analyze(Selectors selectors, Instant end, Duration window) {
        List<String> queries = new ArrayList<>();
        TrackSample canary = sample(selectors.canary(), end, window, queries);
        TrackSample stable = sample(selectors.stable(), end, window, queries);
        return new Verdict(canary, stable, decide(canary, stable, thresholds), queries);
    }

    private TrackSample sample(String sel, Instant end, Duration w, List<String> queries) {
        String rq = requestsQuery(sel, w);
        String eq = errorRatioQuery(sel, w);
        String pq = p99Query(sel, w);
        queries.addAll(List.of(rq, eq, pq));
        return new TrackSample(prometheus.value(rq, end), prometheus.value(eq, end), prometheus.value(pq, end));
    }

    /** The decision, pure: every check must pass. Unknown (NaN) canary values fail; an unknown stable skips the comparison. */
    public static List<Check> decide(TrackSample c, TrackSample s, Thresholds t) {
        List<Check> checks = new ArrayList<>();
        double requests = Double.isNaN(c.requests()) ? 0 : c.requests();
        checks.add(new Check("traffic", requests >= t.minRequests(),
                String.format(Locale.ROOT, "canary %.0f requests >= %d", requests, t.minRequests())));
        checks.add(new Check("error ratio", !Double.isNaN(c.errorRatio()) && c.errorRatio() <= t.maxErrorRatio(),
                String.format(Locale.ROOT, "canary %s <= max %s", pct(c.errorRatio()), pct(t.maxErrorRatio()))));
        if (!Double.isNaN(s.errorRatio())) {
            checks.add(new Check("error ratio vs stable", !Double.isNaN(c.errorRatio()) && c.errorRatio() <= s.errorRatio() + t.maxErrorRatioIncrease(),
                    String.format(Locale.ROOT, "canary %s <= stable %s + %s", pct(c.errorRatio()), pct(s.errorRatio()), pct(t.maxErrorRatioIncrease()))));
        }
        checks.add(new Check("p99 latency", !Double.isNaN(c.p99Seconds()) && c.p99Seconds() <= t.maxP99Seconds(),
                String.format(Locale.ROOT, "canary %s <= max %s", secs(c.p99Seconds()), secs(t.maxP99Seconds()))));
        if (!Double.isNaN(s.p99Seconds())) {
            checks.add(new Check("p99 latency vs stable", !Double.isNaN(c.p99Seconds()) && c.p99Seconds() <= s.p99Seconds() * t.maxP99Factor(),
                    String.format(Locale.ROOT, "canary %s <= stable %s x %.2f", secs(c.p99Seconds()), secs(s.p99Seconds()), t.maxP99Factor())));
        }
        return checks;
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", v * 100);
    }

    static String secs(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3fs", v);
    }

    public static String describe(TrackSample t) {
        return String.format(Locale.ROOT, "requests=%.0f errors=%s p99=%s",
                Double.isNaN(t.requests()) ? 0 : t.requests(), pct(t.errorRatio()), secs(t.p99Seconds()));
    }
}
