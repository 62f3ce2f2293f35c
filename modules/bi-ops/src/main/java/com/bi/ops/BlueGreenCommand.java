package com.bi.ops;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * blue-green: the build on the idle track, its readiness checked through {@code <service>-preview}, the Service
 * selector switched to it in one upgrade, the old track kept running for a grace period (switching back is
 * instant), then parked. {@code blue-green-abort} returns to the track that was active before, at any step.
 */
final class BlueGreenCommand implements Command {
    private final OpsClock clock;

    BlueGreenCommand(OpsClock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "blue-green";
    }

    @Override
    public String summary() {
        return "deploy to the idle track, check it, switch the Service selector, grace period, park the old track";
    }

    @Override
    public String usage() {
        return """
                usage: bi-ops blue-green <env> <service> <tag|sha256:digest|tag@sha256:digest> [options]

                1. the build goes to the idle track (--replicas N, default the chart's idle size 1), helm upgrade --wait
                2. its readiness through <service>-preview (a throwaway pod: wget /observe/health/ready); with --smoke-url
                   also bi-ops smoke's checks of the service against the idle track: readiness and one authenticated
                   call (the smoke user logs in through the gateway); anything failing: abort
                3. switch: the idle track becomes active (the Service selector changes in one upgrade)
                4. grace period (--grace 10m): the old track keeps running; bi-ops blue-green-abort switches back at once
                5. the old track is parked (0 replicas)
                The track that was active is remembered in <state>/<env>/service-<service>.previous until step 5.

                options:
                  --replicas N          replicas of the new track before the switch (match the active track's load)
                  --grace 10m           how long the old track stays up after the switch
                  --smoke-image IMAGE   image of the readiness probe pod (default busybox:1.37.0; use your mirror)
                  --timeout 10m         helm --timeout for each upgrade
                  --smoke-url URL       the idle track's preview Service as reachable from here (e.g. kubectl port-forward
                                        svc/<service>-preview 18000:<port> and http://127.0.0.1:18000)
                  --gateway URL, --credentials FILE, --user-secret NAME   the smoke user's login, as for bi-ops smoke
                """;
    }

    @Override
    public Set<String> options() {
        Set<String> o = new HashSet<>(OpsContext.OPTIONS);
        o.addAll(Set.of("replicas", "grace", "smoke-image", "timeout", "smoke-url", "gateway", "credentials", "user-secret"));
        return o;
    }

    static Path previousFile(OpsContext ctx, String service) {
        return ctx.stateDir().resolve("service-" + service + ".previous");
    }

    @Override
    public int run(Args a, PrintStream out) {
        a.expectPositionals(3, 3);
        OpsContext ctx = OpsContext.of(a.positional(0, "env"), a, out);
        String service = Services.require(a.positional(1, "service"));
        ImageRef image = ImageRef.parse(a.positional(2, "tag|digest"));
        image.requirePinnedFor(ctx);
        String timeout = OpsContext.timeout(a);
        Duration grace = OpsClock.parseDuration(a.option("grace", "10m"), "--grace");
        Object replicas = "";
        if (a.option("replicas") != null) {
            if (!a.option("replicas").matches("[1-9][0-9]{0,2}")) {
                throw OpsException.usage("--replicas must be 1-999");
            }
            replicas = Integer.parseInt(a.option("replicas"));
        }
        String smokeImage = a.option("smoke-image", "busybox:1.37.0");
        Cluster cluster = ctx.cluster();
        ServiceSwitch sw = ServiceSwitch.load(ctx, cluster, service);
        if (sw.weight() != 0) {
            throw OpsException.failed(service + " has a canary at weight " + sw.weight() + ": finish it or bi-ops canary-abort first");
        }
        if (Files.exists(previousFile(ctx, service))) {
            throw OpsException.failed("a blue-green of " + service + " is in progress (" + previousFile(ctx, service)
                    + "): finish it or bi-ops blue-green-abort " + ctx.env() + " " + service);
        }
        String old = sw.active();
        String next = sw.idle();
        int port = previewPort(ctx, service);
        out.printf("blue-green %s in %s: %s on %s (now idle), %s active; grace %s%n", service, ctx.env(), image, next, old, grace);
        write(ctx, previousFile(ctx, service), old);

        sw = sw.withImage(next, image).withReplicas(next, replicas);
        CanaryCommand.apply(ctx, cluster, sw, timeout, "1/5 deploy " + image + " to the idle track " + next);

        ctx.out().println("==> 2/5 readiness of " + next + " through " + service + "-preview:" + port);
        Proc.Result probe = smoke(cluster, service, port, smokeImage);
        String smokeFailure = probe.ok() || ctx.dryRun() ? smokeIdleTrack(ctx, a, service) : null;
        if ((!probe.ok() && !ctx.dryRun()) || smokeFailure != null) {
            out.println((smokeFailure != null ? smokeFailure : "readiness check failed: " + Proc.tail(probe.err() + probe.out())) + " — aborting");
            abort(ctx, cluster, service, timeout);
            out.println("RESULT aborted service=" + service + " active=" + old);
            return OpsException.FAILED;
        }
        sw = sw.withActive(next).withReplicas(old, "");
        CanaryCommand.apply(ctx, cluster, sw, timeout, "3/5 switch: " + next + " active, " + old + " kept for the grace period");
        ctx.out().println("==> 4/5 grace period " + grace + " (bi-ops blue-green-abort " + ctx.env() + " " + service + " switches back)");
        if (!ctx.dryRun()) {
            clock.sleep(grace);
        }
        sw = sw.withReplicas(old, 0);
        CanaryCommand.apply(ctx, cluster, sw, timeout, "5/5 park the old track " + old);
        delete(ctx, previousFile(ctx, service));
        out.println("RESULT switched service=" + service + " image=" + image + " active=" + next);
        return 0;
    }

    /**
     * With --smoke-url: the smoke checks of this service against the idle track (its readiness and one authenticated
     * call, the token from the smoke user's login through the gateway); the report is printed. Null when they passed.
     */
    static String smokeIdleTrack(OpsContext ctx, Args a, String service) {
        String url = a.option("smoke-url");
        if (url == null) {
            ctx.out().println("  (no --smoke-url: readiness only; the authenticated call needs the preview Service reachable from here)");
            return null;
        }
        if (!url.matches("https?://\\S+")) {
            throw OpsException.usage("--smoke-url '" + url + "' is not an http(s) URL");
        }
        String gateway = a.option("gateway", System.getenv("BI_OPS_GATEWAY_URL"));
        if (gateway == null || gateway.isBlank()) {
            gateway = SmokeCommand.defaultGateway(ctx);
        }
        Smoke.Credentials who = SmokeCommand.credentials(ctx, a);
        if (ctx.dryRun()) {
            ctx.out().println("DRY-RUN would smoke " + service + " at " + url + " as " + who + " (login through " + gateway + ")");
            return null;
        }
        Smoke smoke = new Smoke(java.time.Duration.ofSeconds(10));
        String token = smoke.login(gateway, who);
        smoke.ready(service, url);
        smoke.call(service, url, token);
        smoke.print(ctx.out());
        return smoke.passed() ? null : "smoke of the idle track failed (" + smoke.totals() + ")";
    }

    /** A throwaway pod in the namespace asks the idle track's readiness through the preview Service. */
    static Proc.Result smoke(Cluster cluster, String service, int port, String image) {
        List<String> args = List.of("run", "bi-ops-smoke-" + service, "--rm", "--stdin", "--restart=Never", "--quiet",
                "--image=" + image, "--labels=app.kubernetes.io/managed-by=bi-ops", "--",
                "wget", "-qO-", "-T", "10", "http://" + service + "-preview:" + port + "/observe/health/ready");
        if (cluster.dryRun()) {
            cluster.kubectlWrite(args.toArray(String[]::new));
            return new Proc.Result(0, "", "");
        }
        return cluster.kubectlRun(args.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    static int previewPort(OpsContext ctx, String service) {
        // the port comes from the chart's own Service, not a table here
        for (Manifests.K8sObject o : RenderCommand.render(ctx, null, null).objects()) {
            if (o.kind().equals("Service") && o.name().equals(service) && o.body().get("spec") instanceof Map<?, ?> spec
                    && spec.get("ports") instanceof List<?> ports) {
                for (Object p : ports) {
                    if (p instanceof Map<?, ?> pm && "http".equals(pm.get("name")) && pm.get("port") instanceof Number n) {
                        return n.intValue();
                    }
                }
            }
        }
        throw OpsException.failed(service + " renders no Service with an http port (is it enabled in " + ctx.env() + "?)");
    }

    static void abort(OpsContext ctx, Cluster cluster, String service, String timeout) {
        Path prev = previousFile(ctx, service);
        if (!Files.isRegularFile(prev)) {
            throw OpsException.failed("no blue-green of " + service + " in progress in " + ctx.env() + " (" + prev + " is absent)");
        }
        String back;
        try {
            back = Files.readString(prev).strip();
        } catch (IOException e) {
            throw OpsException.failed("cannot read " + prev + ": " + e.getMessage());
        }
        if (!back.equals(ServiceSwitch.BLUE) && !back.equals(ServiceSwitch.GREEN)) {
            throw OpsException.failed(prev + " holds '" + back + "', not a track");
        }
        ServiceSwitch sw = ServiceSwitch.load(ctx, cluster, service).withActive(back).withReplicas(back, "").withWeight(0);
        sw = sw.withReplicas(sw.idle(), 0);
        CanaryCommand.apply(ctx, cluster, sw, timeout, "abort: " + back + " active again, " + sw.idle() + " parked");
        delete(ctx, prev);
    }

    static void write(OpsContext ctx, Path f, String text) {
        if (ctx.dryRun()) {
            ctx.out().println("DRY-RUN would write " + f + ": " + text);
            return;
        }
        try {
            Files.createDirectories(f.getParent());
            Files.writeString(f, text + "\n");
        } catch (IOException e) {
            throw OpsException.failed("cannot write " + f + ": " + e.getMessage());
        }
    }

    static void delete(OpsContext ctx, Path f) {
        if (ctx.dryRun()) {
            return;
        }
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            throw OpsException.failed("cannot delete " + f + ": " + e.getMessage());
        }
    }

    /** blue-green-abort. */
    static final class Abort implements Command {
        @Override
        public String name() {
            return "blue-green-abort";
        }

        @Override
        public String summary() {
            return "return to the track that was active before a blue-green, park the other";
        }

        @Override
        public String usage() {
            return """
                    usage: bi-ops blue-green-abort <env> <service> [--timeout 10m]

                    At any step of a blue-green (before or after the switch, during the grace period): the track that
                    was active before becomes active again (one helm upgrade), the other is parked.
                    """;
        }

        @Override
        public Set<String> options() {
            return OpsContext.OPTIONS_WITH_TIMEOUT;
        }

        @Override
        public int run(Args a, PrintStream out) {
            a.expectPositionals(2, 2);
            OpsContext ctx = OpsContext.of(a.positional(0, "env"), a, out);
            String service = Services.require(a.positional(1, "service"));
            String timeout = OpsContext.timeout(a);
            abort(ctx, ctx.cluster(), service, timeout);
            out.println("RESULT aborted service=" + service);
            return 0;
        }
    }
}
