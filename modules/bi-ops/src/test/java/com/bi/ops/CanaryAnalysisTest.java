package com.bi.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The canary analysis against a real Prometheus answering real PromQL over backfilled series: cases that must
 * promote and cases that must roll back. Each case is its own namespace so one server holds them all.
 */
class CanaryAnalysisTest {
    static final long T = (Instant.now().getEpochSecond() / 3600 - 6) * 3600;
    static final Duration WINDOW = Duration.ofMinutes(5);
    static PrometheusServer prometheus;

    @BeforeAll
    static void start() throws Exception {
        PrometheusServer.Series s = new PrometheusServer.Series();
        long from = T - 1800;
        long to = T + 2400;
        // healthy canary at a fifth of the stable track's traffic
        s.track("healthy", "bi-analysis", "blue", from, to, 20, 0.002, PrometheusServer.Series.FAST);
        s.track("healthy", "bi-analysis-preview", "green", from, to, 5, 0.002, PrometheusServer.Series.FAST);
        // canary answers 10% with 500
        s.track("errors", "bi-analysis", "blue", from, to, 20, 0.002, PrometheusServer.Series.FAST);
        s.track("errors", "bi-analysis-preview", "green", from, to, 5, 0.10, PrometheusServer.Series.FAST);
        // canary p99 ~4.5 s, above the absolute 2 s
        s.track("slow", "bi-analysis", "blue", from, to, 20, 0.002, PrometheusServer.Series.FAST);
        s.track("slow", "bi-analysis-preview", "green", from, to, 5, 0.002, PrometheusServer.Series.SLOW);
        // canary p99 ~0.83 s: within the absolute limit, but 8x the stable track
        s.track("slower", "bi-analysis", "blue", from, to, 20, 0.002, PrometheusServer.Series.FAST);
        s.track("slower", "bi-analysis-preview", "green", from, to, 5, 0.002, PrometheusServer.Series.SLOWER);
        // canary 3% errors: below the absolute 5%, but stable has 0.1%
        s.track("worse", "bi-analysis", "blue", from, to, 20, 0.001, PrometheusServer.Series.FAST);
        s.track("worse", "bi-analysis-preview", "green", from, to, 5, 0.03, PrometheusServer.Series.FAST);
        // a shared dependency degrades both tracks alike (3% / 3.5%): the canary is not the cause
        s.track("degraded", "bi-analysis", "blue", from, to, 20, 0.03, PrometheusServer.Series.FAST);
        s.track("degraded", "bi-analysis-preview", "green", from, to, 5, 0.035, PrometheusServer.Series.FAST);
        // almost no canary traffic (0.05 req/s = 15 requests in 5 minutes): nothing to judge
        s.track("idle", "bi-analysis", "blue", from, to, 20, 0.0, PrometheusServer.Series.FAST);
        s.track("idle", "bi-analysis-preview", "green", from, to, 0.05, 0.0, PrometheusServer.Series.FAST);
        // timeline for the full command: the canary is fine for 10 minutes after T, then fails 20% of requests
        s.track("timeline", "bi-analysis", "blue", from, to, 20, 0.001, PrometheusServer.Series.FAST);
        s.track("timeline", "bi-analysis-preview", "green", from, T + 600, 5, 0.001, PrometheusServer.Series.FAST);
        s.track("timeline", "bi-analysis-preview", "green-bad", T + 615, to, 5, 0.20, PrometheusServer.Series.FAST);
        prometheus = PrometheusServer.start(Path.of("target/prometheus-canary"), s.openMetrics());
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    static CanaryAnalysis.Verdict analyze(String namespace) {
        return new CanaryAnalysis(new Prometheus(prometheus.url), CanaryAnalysis.Thresholds.defaults())
                .analyze(CanaryAnalysis.Selectors.byService(namespace, "bi-analysis"), Instant.ofEpochSecond(T + 300), WINDOW);
    }

    static Map<String, Boolean> checks(CanaryAnalysis.Verdict v) {
        return v.checks().stream().collect(Collectors.toMap(CanaryAnalysis.Check::name, CanaryAnalysis.Check::pass));
    }

    @Test
    void healthyCanaryPromotesWithTheNumbersPrometheusComputed() {
        CanaryAnalysis.Verdict v = analyze("healthy");
        assertTrue(v.pass(), () -> "checks: " + v.checks());
        // 5 req/s over 300 s; the probes on /observe/health/ready (2 req/s) are not counted
        assertEquals(1500, v.canary().requests(), 30);
        assertEquals(6000, v.stable().requests(), 120);
        assertEquals(0.002, v.canary().errorRatio(), 0.0005);
        assertTrue(v.canary().p99Seconds() > 0.05 && v.canary().p99Seconds() <= 0.1, "p99 " + v.canary().p99Seconds());
        assertEquals(5, v.checks().size());
    }

    @Test
    void erroringCanaryRollsBack() {
        CanaryAnalysis.Verdict v = analyze("errors");
        assertFalse(v.pass());
        assertEquals(0.10, v.canary().errorRatio(), 0.005);
        assertEquals(Map.of("traffic", true, "error ratio", false, "error ratio vs stable", false,
                "p99 latency", true, "p99 latency vs stable", true), checks(v));
    }

    @Test
    void slowCanaryRollsBackOnTheAbsoluteP99() {
        CanaryAnalysis.Verdict v = analyze("slow");
        assertFalse(v.pass());
        assertTrue(v.canary().p99Seconds() > 2.5, "p99 " + v.canary().p99Seconds());
        assertFalse(checks(v).get("p99 latency"));
        assertTrue(checks(v).get("error ratio"));
    }

    @Test
    void canaryMuchSlowerThanStableRollsBackEvenUnderTheAbsoluteLimit() {
        CanaryAnalysis.Verdict v = analyze("slower");
        assertFalse(v.pass());
        assertTrue(checks(v).get("p99 latency"), "under 2 s: " + v.canary().p99Seconds());
        assertFalse(checks(v).get("p99 latency vs stable"));
    }

    @Test
    void canaryWorseThanStableRollsBackEvenUnderTheAbsoluteErrorLimit() {
        CanaryAnalysis.Verdict v = analyze("worse");
        assertFalse(v.pass());
        assertTrue(checks(v).get("error ratio"));
        assertFalse(checks(v).get("error ratio vs stable"));
    }

    @Test
    void canaryAsDegradedAsStablePromotes() {
        CanaryAnalysis.Verdict v = analyze("degraded");
        assertTrue(v.pass(), () -> "checks: " + v.checks());
        assertEquals(0.035, v.canary().errorRatio(), 0.003);
        assertEquals(0.03, v.stable().errorRatio(), 0.003);
    }

    @Test
    void tooLittleCanaryTrafficRollsBack() {
        CanaryAnalysis.Verdict v = analyze("idle");
        assertFalse(v.pass());
        assertFalse(checks(v).get("traffic"));
        assertEquals(15, v.canary().requests(), 2);
    }

    @Test
    void noCanarySeriesAtAllRollsBack() {
        CanaryAnalysis.Verdict v = analyze("nowhere");
        assertFalse(v.pass());
        assertTrue(Double.isNaN(v.canary().errorRatio()));
        assertEquals(List.of("traffic", "error ratio", "p99 latency"),
                v.checks().stream().map(CanaryAnalysis.Check::name).toList(), "no stable data: no comparison checks");
        assertTrue(v.checks().stream().noneMatch(CanaryAnalysis.Check::pass));
    }

    @Test
    void trackLabelSelectorsSeeTheSameNumbers() {
        CanaryAnalysis.Verdict byTrack = new CanaryAnalysis(new Prometheus(prometheus.url), CanaryAnalysis.Thresholds.defaults())
                .analyze(CanaryAnalysis.Selectors.byTrack("errors", "bi-analysis", "track", "green", "blue"),
                        Instant.ofEpochSecond(T + 300), WINDOW);
        CanaryAnalysis.Verdict byService = analyze("errors");
        assertEquals(byService.canary().errorRatio(), byTrack.canary().errorRatio(), 1e-9);
        assertEquals(byService.stable().requests(), byTrack.stable().requests(), 1e-6);
        assertFalse(byTrack.pass());
    }

    @Test
    void aBrokenQueryIsReportedNotGuessed() {
        OpsException e = org.junit.jupiter.api.Assertions.assertThrows(OpsException.class,
                () -> new Prometheus(prometheus.url).value("sum(rate(x[5m]", Instant.ofEpochSecond(T)));
        assertTrue(e.getMessage().contains("Prometheus refused the query"), e.getMessage());
        OpsException many = org.junit.jupiter.api.Assertions.assertThrows(OpsException.class,
                () -> new Prometheus(prometheus.url).value("http_server_requests_seconds_count", Instant.ofEpochSecond(T)));
        assertTrue(many.getMessage().contains("series, expected one"), many.getMessage());
    }

    // ---- the whole canary command: real Prometheus, recording helm at the cluster boundary ----

    static OpsProcess ops(String name) throws Exception {
        return new OpsProcess(Path.of("target/canary-run-" + name));
    }

    static List<Integer> weights(String log) {
        return java.util.regex.Pattern.compile("(?m)^ {6}weight: (\\d+)$").matcher(log).results()
                .map(m -> Integer.parseInt(m.group(1))).toList();
    }

    @Test
    void fullRunPromotesAfterEveryStepPasses() throws Exception {
        OpsProcess ops = ops("promote");
        OpsProcess.Result r = ops.run("canary", "dev", "bi-analysis", "1.5.0-1b2c3d4", "--namespace", "healthy",
                "--prometheus", prometheus.url, "--analysis-start", String.valueOf(T));
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("RESULT promoted service=bi-analysis image=1.5.0-1b2c3d4 active=green"), r.out());
        List<String> upgrades = ops.calls().stream().filter(c -> c.startsWith("helm upgrade")).toList();
        assertEquals(6, upgrades.size(), "deploy, 4 steps, promote: " + upgrades);
        String first = upgrades.getFirst();
        assertTrue(first.startsWith("helm upgrade --install bi-platform " + OpsProcess.ROOT.resolve("charts/bi-platform")
                + " -f " + OpsProcess.ROOT.resolve("charts/bi-platform/values-dev.yaml")
                + " -f " + OpsProcess.ROOT.resolve("charts/apisix-values/dev.yaml")
                + " -f " + ops.dir.resolve("state/dev/service-bi-analysis.yaml")
                + " --rollback-on-failure --wait --timeout 10m --namespace=healthy"), first);
        assertEquals(List.of(0, 5, 25, 50, 100, 0), weights(ops.logText()));
        assertEquals(4, r.out().split("analysis at weight", -1).length - 1);
        assertTrue(r.out().contains("PASS traffic"), r.out());
        String state = java.nio.file.Files.readString(ops.dir.resolve("state/dev/service-bi-analysis.yaml"));
        assertTrue(state.contains("active: green") && state.contains("tag: 1.5.0-1b2c3d4"), state);
    }

    @Test
    void fullRunRollsBackAtTheStepWhereTheCanaryStartsFailing() throws Exception {
        OpsProcess ops = ops("rollback");
        OpsProcess.Result r = ops.run("canary", "dev", "bi-analysis", "1.5.0-1b2c3d4", "--namespace", "timeline",
                "--prometheus", prometheus.url, "--analysis-start", String.valueOf(T));
        assertEquals(OpsException.ROLLED_BACK, r.exit(), r.out() + r.err());
        // steps end at T+5m, +10m (still fine) and +15m (the window holds only the failing build's 20% errors)
        assertEquals(List.of(0, 5, 25, 50, 0), weights(ops.logText()));
        assertTrue(r.out().contains("ANALYSIS FAILED at weight 50%"), r.out());
        assertTrue(r.out().contains("FAIL error ratio"), r.out());
        assertTrue(r.out().contains("RESULT rolled-back service=bi-analysis image=1.5.0-1b2c3d4 failed-at-weight=50"), r.out());
        String state = java.nio.file.Files.readString(ops.dir.resolve("state/dev/service-bi-analysis.yaml"));
        assertTrue(state.contains("active: blue"), state);
        assertTrue(state.replaceAll("\\s+", " ").contains("green: image: tag: 1.5.0-1b2c3d4 replicaCount: 0"), "idle track parked: " + state);
    }

    @Test
    void dryRunPrintsEveryUpgradeAndChangesNothing() throws Exception {
        OpsProcess ops = ops("dry");
        OpsProcess.Result r = ops.run("canary", "dev", "bi-analysis", "1.5.0-1b2c3d4", "--namespace", "healthy",
                "--prometheus", prometheus.url, "--dry-run");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(ops.calls().stream().noneMatch(c -> c.startsWith("helm upgrade")), "no change made: " + ops.calls());
        assertEquals(6, r.out().split("DRY-RUN would run: .*helm upgrade --install", -1).length - 1, r.out());
        assertTrue(r.out().contains("histogram_quantile(0.99"), r.out());
        assertFalse(java.nio.file.Files.exists(ops.dir.resolve("state")), "nothing written");
    }

    @Test
    void prodRefusesATagAndAcceptsADigest() throws Exception {
        OpsProcess ops = ops("prod");
        OpsProcess.Result tag = ops.run("canary", "prod", "bi-analysis", "1.5.0-1b2c3d4", "--prometheus", prometheus.url, "--dry-run");
        assertEquals(OpsException.FAILED, tag.exit());
        assertTrue(tag.err().contains("prod deploys only images pinned by digest"), tag.err());
        assertTrue(ops.calls().isEmpty(), "refused before any cluster call");
        String digest = "sha256:" + "ab".repeat(32);
        OpsProcess.Result ok = ops.run("canary", "prod", "bi-analysis", "1.5.0@" + digest, "--prometheus", prometheus.url, "--dry-run");
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("digest: " + digest), ok.out());
    }

    @Test
    void aCanaryAlreadyRunningIsNotStartedTwiceAndAbortParksIt() throws Exception {
        OpsProcess ops = ops("twice");
        java.nio.file.Files.createDirectories(ops.dir.resolve("state/dev"));
        java.nio.file.Files.writeString(ops.dir.resolve("state/dev/service-bi-analysis.yaml"), """
                bi-analysis:
                  blueGreen:
                    enabled: true
                    active: green
                    tracks:
                      blue: {image: {tag: 1.6.0-ccc}, replicaCount: ''}
                      green: {image: {tag: 1.5.0-bbb}, replicaCount: ''}
                gateway:
                  canary:
                    bi-analysis: {weight: 25}
                """);
        OpsProcess.Result again = ops.run("canary", "dev", "bi-analysis", "1.7.0-ddd", "--prometheus", prometheus.url);
        assertEquals(OpsException.FAILED, again.exit());
        assertTrue(again.err().contains("already has a canary at weight 25"), again.err());
        assertTrue(ops.calls().stream().noneMatch(c -> c.startsWith("helm upgrade")));
        OpsProcess.Result abort = ops.run("canary-abort", "dev", "bi-analysis");
        assertEquals(0, abort.exit(), abort.out() + abort.err());
        assertEquals(List.of(0), weights(ops.logText()));
        String state = java.nio.file.Files.readString(ops.dir.resolve("state/dev/service-bi-analysis.yaml"));
        assertTrue(state.replaceAll("\\s+", " ").contains("blue: image: tag: 1.6.0-ccc replicaCount: 0"), "idle blue parked: " + state);
        assertTrue(state.contains("active: green"), state);
    }
}
