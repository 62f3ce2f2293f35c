package com.bi.ops;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where one environment lives: the repository (charts, values), the release and namespace, the kube context,
 * and the environment's state directory — the values overlays bi-ops writes (image pins, blue-green and canary
 * switches). Every helm upgrade passes all of them, so an ordinary upgrade never undoes a switch; keep the state
 * directory in git for GitOps ({@code BI_OPS_STATE_DIR}).
 */
public record OpsContext(Path root, String env, String release, String namespace, String kubeContext, Path chart,
                         Path stateDir, boolean dryRun, PrintStream out) {

    public static final Set<String> ENVS = Set.of("dev", "test", "prod");

    /** Options every environment-scoped subcommand accepts. */
    public static final Set<String> OPTIONS = Set.of("namespace", "release", "context", "chart", "state-dir");
    /** {@link #OPTIONS} and {@code --timeout}, for the subcommands that wait for a rollout. */
    public static final Set<String> OPTIONS_WITH_TIMEOUT = java.util.stream.Stream.concat(OPTIONS.stream(),
            java.util.stream.Stream.of("timeout")).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** {@code --timeout} (helm's wait), 10m unless given; a usage error when it is not a duration. */
    public static String timeout(Args args) {
        String timeout = args.option("timeout", "10m");
        OpsClock.parseDuration(timeout, "--timeout");
        return timeout;
    }

    public static OpsContext of(String env, Args args, PrintStream out) {
        if (!ENVS.contains(env)) {
            throw OpsException.usage("unknown environment '" + env + "' (expected one of dev, test, prod)");
        }
        Path root = Path.of(envOr("BI_OPS_ROOT", ".")).toAbsolutePath().normalize();
        String namespace = args.option("namespace", envOr("BI_OPS_NAMESPACE", "bi-" + env));
        String release = args.option("release", envOr("BI_OPS_RELEASE", "bi-platform"));
        String context = args.option("context", System.getenv("BI_OPS_KUBE_CONTEXT"));
        Path chart = Path.of(args.option("chart", envOr("BI_OPS_CHART", root.resolve("charts/bi-platform").toString())));
        Path stateBase = Path.of(args.option("state-dir", envOr("BI_OPS_STATE_DIR", root.resolve("target/bi-ops/state").toString())));
        for (String[] name : new String[][] {{"namespace", namespace}, {"release", release}}) {
            if (!name[1].matches("[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?")) {
                throw OpsException.usage(name[0] + " '" + name[1] + "' is not a valid Kubernetes name");
            }
        }
        return new OpsContext(root, env, release, namespace, context, chart, stateBase.resolve(env), args.flag("dry-run"), out);
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public boolean prod() {
        return env.equals("prod");
    }

    public Cluster cluster() {
        return new Cluster(kubeContext, namespace, dryRun, out);
    }

    public Path envValues() {
        return chart.resolve("values-" + env + ".yaml");
    }

    public Path gatewayValues() {
        return root.resolve("charts/apisix-values/" + env + ".yaml");
    }

    /** The environment values, the gateway overlay, then the state overlays in name order. */
    public List<Path> valuesFiles() {
        return valuesFiles(List.of());
    }

    /** As {@link #valuesFiles()}, plus state overlays about to be written (a dry run prints them without writing). */
    public List<Path> valuesFiles(List<Path> pending) {
        List<Path> files = new ArrayList<>(List.of(envValues(), gatewayValues()));
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw OpsException.failed("values file " + f + " does not exist");
            }
        }
        java.util.TreeSet<Path> state = new java.util.TreeSet<>(stateFiles());
        state.addAll(pending);
        files.addAll(state);
        return files;
    }

    public List<Path> stateFiles() {
        if (!Files.isDirectory(stateDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(stateDir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw OpsException.failed("cannot list " + stateDir + ": " + e.getMessage());
        }
    }

    /** helm upgrade --install with every values file, atomic, waiting, with a timeout. */
    public List<String> upgradeArgs(String timeout, Path... pending) {
        List<String> a = new ArrayList<>(List.of("upgrade", "--install", release, chart.toString()));
        for (Path f : valuesFiles(List.of(pending))) {
            a.add("-f");
            a.add(f.toString());
        }
        a.addAll(List.of(Helm.atomicFlag(), "--wait", "--timeout", timeout));
        return a;
    }
}
