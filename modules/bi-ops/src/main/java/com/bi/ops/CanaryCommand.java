package com.bi.ops;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * canary: the new build on the idle blue-green track, the gateway's traffic-split weight raised step by step,
 * after each step the canary compared with the stable track in Prometheus; promoted (the idle track becomes
 * active, weight back to 0) when every step passes, rolled back (weight 0, idle track parked) at the first failure.
 */
final class CanaryCommand implements Command {
    private final OpsClock clock;

    CanaryCommand(OpsClock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "canary";
    }

    @Override
    public String summary() {
        return "shift gateway traffic to a new build in steps, analyse each step in Prometheus, promote or roll back";
    }

    @Override
    public String usage() {
        return """
                usage: bi-ops canary <env> <service> <tag|sha256:digest|tag@sha256:digest> [options]

                Deploys the build to the service's idle blue-green track (weight 0, waits for the rollout), then for
                each step sets the APISIX traffic-split weight (share sent to <service>-preview), waits the step's
                window and compares canary and stable in Prometheus over that window:
                  traffic      canary requests >= --min-requests                       (default 50)
                  error ratio  canary 5xx share <= --max-error-ratio                   (default 0.05, the chart's alert)
                               and <= stable + --max-error-ratio-increase              (default 0.01)
                  p99 latency  canary p99 <= --max-p99 seconds                         (default 2, the chart's alert)
                               and <= stable p99 x --max-p99-factor                    (default 1.5)
                Every step prints the thresholds, both tracks' numbers and the PromQL. All steps pass: the idle track
                becomes active and the weight returns to 0 (the old track stays as the instant way back).
                A step fails: weight 0, the idle track parked (0 replicas), exit code 3.

                options:
                  --steps 5,25,50,100        weights in percent, increasing, ending at 100
                  --step-window 5m           how long each step runs before it is analysed (also the PromQL range)
                  --prometheus URL           Prometheus HTTP API (or BI_OPS_PROMETHEUS_URL)
                  --series-by service|track  how canary series are told apart (default service: <service>-preview)
                  --track-label NAME         with --series-by track: the target label holding the pod's track
                  --timeout 10m              helm --timeout for each upgrade
                  --analysis-start EPOCH     analyse recorded data from this time on a virtual clock (no waiting)
                  --max-error-ratio, --max-error-ratio-increase, --max-p99, --max-p99-factor, --min-requests
                  --namespace, --release, --context, --chart, --state-dir   (see bi-ops --help)
                  --dry-run                  print every helm call and the overlays instead of applying them
                """;
    }

    @Override
    public Set<String> options() {
        Set<String> o = new HashSet<>(OpsContext.OPTIONS);
        o.addAll(Set.of("steps", "step-window", "prometheus", "series-by", "track-label", "timeout", "analysis-start",
                "max-error-ratio", "max-error-ratio-increase", "max-p99", "max-p99-factor", "min-requests"));
        return o;
    }

    static List<Integer> parseSteps(String text) {
        List<Integer> steps = new ArrayList<>();
        int last = 0;
        for (String part : text.split(",")) {
            int w;
            try {
                w = Integer.parseInt(part.strip());
            } catch (NumberFormatException e) {
                throw OpsException.usage("--steps: '" + part + "' is not a whole percentage");
            }
            if (w <= last || w > 100) {
                throw OpsException.usage("--steps must increase within 1-100; got " + text);
            }
            steps.add(w);
            last = w;
        }
        if (last != 100) {
            throw OpsException.usage("--steps must end at 100 (the last step sends all API traffic to the canary); got " + text);
        }
        return steps;
    }

    private static double number(Args a, String name, double fallback) {
        String v = a.option(name);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v);
            if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw OpsException.usage("--" + name + " '" + v + "' is not a non-negative number");
        }
    }

    @Override
    public int run(Args a, PrintStream out) {
        a.expectPositionals(3, 3);
        OpsContext ctx = OpsContext.of(a.positional(0, "env"), a, out);
        String service = Services.require(a.positional(1, "service"));
        ImageRef image = ImageRef.parse(a.positional(2, "tag|digest"));
        image.requirePinnedFor(ctx);
        List<Integer> steps = parseSteps(a.option("steps", "5,25,50,100"));
        Duration window = OpsClock.parseDuration(a.option("step-window", "5m"), "--step-window");
        String timeout = OpsContext.timeout(a);
        CanaryAnalysis.Thresholds defaults = CanaryAnalysis.Thresholds.defaults();
        CanaryAnalysis.Thresholds t = new CanaryAnalysis.Thresholds(
                number(a, "max-error-ratio", defaults.maxErrorRatio()),
                number(a, "max-error-ratio-increase", defaults.maxErrorRatioIncrease()),
                number(a, "max-p99", defaults.maxP99Seconds()),
                number(a, "max-p99-factor", defaults.maxP99Factor()),
                (long) number(a, "min-requests", defaults.minRequests()));
        String seriesBy = a.option("series-by", "service");
        if (!seriesBy.equals("service") && !seriesBy.equals("track")) {
            throw OpsException.usage("--series-by must be service or track");
        }
        String trackLabel = a.option("track-label", "track");
        if (!trackLabel.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
            throw OpsException.usage("--track-label '" + trackLabel + "' is not a Prometheus label name");
        }
        Prometheus prometheus = new Prometheus(a.option("prometheus", System.getenv("BI_OPS_PROMETHEUS_URL")));
        OpsClock clock = a.option("analysis-start") == null ? this.clock
                : OpsClock.virtual(Instant.ofEpochSecond(parseEpoch(a.option("analysis-start"))));

        Cluster cluster = ctx.cluster();
        ServiceSwitch sw = ServiceSwitch.load(ctx, cluster, service);
        if (sw.weight() != 0) {
            throw OpsException.failed(service + " already has a canary at weight " + sw.weight()
                    + " (" + ServiceSwitch.file(ctx, service) + "); finish or roll it back first: bi-ops canary-abort "
                    + ctx.env() + " " + service);
        }
        String stable = sw.active();
        String idle = sw.idle();
        CanaryAnalysis.Selectors selectors = seriesBy.equals("service")
                ? CanaryAnalysis.Selectors.byService(ctx.namespace(), service)
                : CanaryAnalysis.Selectors.byTrack(ctx.namespace(), service, trackLabel, idle, stable);
        out.printf("canary %s in %s (namespace %s): %s on the idle track %s, stable track %s; steps %s%% of %s each%n",
                service, ctx.env(), ctx.namespace(), image, idle, stable, steps, window.toString().substring(2).toLowerCase());
        out.printf("thresholds: error ratio <= %s and <= stable + %s; p99 <= %s and <= stable x %.2f; at least %d canary requests per step%n",
                CanaryAnalysis.pct(t.maxErrorRatio()), CanaryAnalysis.pct(t.maxErrorRatioIncrease()),
                CanaryAnalysis.secs(t.maxP99Seconds()), t.maxP99Factor(), t.minRequests());

        // 1. the build on the idle track, no traffic yet
        sw = sw.withImage(idle, image).withReplicas(idle, "").withWeight(0);
        apply(ctx, cluster, sw, timeout, "deploy " + image + " to the idle track " + idle + " (weight 0)");

        CanaryAnalysis analysis = new CanaryAnalysis(prometheus, t);
        for (int i = 0; i < steps.size(); i++) {
            int weight = steps.get(i);
            sw = sw.withWeight(weight);
            apply(ctx, cluster, sw, timeout, "step " + (i + 1) + "/" + steps.size() + ": weight " + weight + "%");
            if (ctx.dryRun()) {
                out.printf("DRY-RUN would wait %s and analyse with:%n", window);
                for (String sel : List.of(selectors.canary(), selectors.stable())) {
                    out.println("  " + CanaryAnalysis.requestsQuery(sel, window));
                    out.println("  " + CanaryAnalysis.errorRatioQuery(sel, window));
                    out.println("  " + CanaryAnalysis.p99Query(sel, window));
                }
                continue;
            }
            clock.sleep(window);
            Instant end = clock.now();
            CanaryAnalysis.Verdict v = analysis.analyze(selectors, end, window);
            printEvidence(out, weight, end, window, v);
            if (!v.pass()) {
                out.println("ANALYSIS FAILED at weight " + weight + "%: rolling back");
                sw = sw.withWeight(0).withReplicas(idle, 0);
                apply(ctx, cluster, sw, timeout, "roll back: weight 0, idle track " + idle + " parked");
                out.println("RESULT rolled-back service=" + service + " image=" + image + " failed-at-weight=" + weight);
                return OpsException.ROLLED_BACK;
            }
        }
        sw = sw.withActive(idle).withWeight(0);
        apply(ctx, cluster, sw, timeout, "promote: " + idle + " becomes active, weight 0 (" + stable + " kept as the way back)");
        out.println("RESULT promoted service=" + service + " image=" + image + " active=" + idle);
        return 0;
    }

    private static long parseEpoch(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw OpsException.usage("--analysis-start '" + v + "' is not epoch seconds");
        }
    }

    static void apply(OpsContext ctx, Cluster cluster, ServiceSwitch sw, String timeout, String what) {
        ctx.out().println("==> " + what);
        sw.save(ctx);
        cluster.helmWrite(ctx.upgradeArgs(timeout, ServiceSwitch.file(ctx, sw.service())));
    }

    private static void printEvidence(PrintStream out, int weight, Instant end, Duration window, CanaryAnalysis.Verdict v) {
        out.printf("analysis at weight %d%%, window %s ending %s%n", weight, CanaryAnalysis.window(window), end);
        out.println("  canary  " + CanaryAnalysis.describe(v.canary()));
        out.println("  stable  " + CanaryAnalysis.describe(v.stable()));
        for (CanaryAnalysis.Check c : v.checks()) {
            out.printf("  %-4s %-22s %s%n", c.pass() ? "PASS" : "FAIL", c.name(), c.detail());
        }
        out.println("  queries:");
        v.queries().forEach(q -> out.println("    " + q));
    }
}
