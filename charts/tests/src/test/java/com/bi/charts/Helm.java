package com.bi.charts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Runs the real helm CLI (path from -Dhelm.bin) against the whole umbrella with its upstream dependencies (-Dchart.dir, assembled by ci/charts.sh). */
final class Helm {
    static final String RELEASE = "bi-platform";
    static final String NAMESPACE = "bi";
    static final List<String> ENVS = List.of("dev", "test", "prod");
    static final Path CHART = Path.of(System.getProperty("chart.dir", "../../target/charts/bi-platform")).toAbsolutePath().normalize();
    static final Path SOURCE = Path.of(System.getProperty("chart.source", "..")).toAbsolutePath().normalize();
    /** Renders shared by the tests (which run in parallel): one helm run per distinct argument list. */
    private static final Map<String, java.util.concurrent.CompletableFuture<Rendered>> CACHE = new ConcurrentHashMap<>();

    private static Rendered cached(String key, java.util.function.Supplier<Rendered> render) {
        java.util.concurrent.CompletableFuture<Rendered> mine = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Rendered> f = CACHE.putIfAbsent(key, mine);
        if (f == null) {
            try {
                mine.complete(render.get());
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
            }
            f = mine;
        }
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw (RuntimeException) e.getCause();
        }
    }

    record Result(int exitCode, String stdout, String stderr) {}

    private Helm() {}

    /** The image build's digests file every prod render takes (prod refuses images without a digest). */
    static final Path DIGESTS = SOURCE.resolve("tests/release-digests.yaml");

    /** helm template of the whole umbrella for one environment with both overlays, CRD-gated objects on (cached). */
    static Rendered env(String env) {
        return cached(env + " ", () -> fromCi(env + "-kps-false").orElseGet(() -> Rendered.parse(templateOk(envArgs(env)))));
    }

    /** Like {@link #env} with kube-prometheus-stack installed along (cached). */
    static Rendered envWithStack(String env) {
        return cached(env + " --set kube-prometheus-stack.enabled=true", () -> fromCi(env + "-kps-true")
                .orElseGet(() -> Rendered.parse(templateOk(envArgs(env, "--set", "kube-prometheus-stack.enabled=true")))));
    }

    /** A render ci/charts.sh already made with the same arguments (-Drendered.dir), when present. */
    static java.util.Optional<Rendered> fromCi(String name) {
        String dir = System.getProperty("rendered.dir", "");
        Path file = dir.isEmpty() ? null : Path.of(dir, name + ".yaml");
        try {
            return file != null && Files.isRegularFile(file) ? java.util.Optional.of(Rendered.parse(Files.readString(file))) : java.util.Optional.empty();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** helm template for an environment plus extra arguments, cached by the whole argument list. */
    static Rendered render(String env, String... extra) {
        return cached(env + " " + String.join(" ", extra), () -> Rendered.parse(templateOk(envArgs(env, extra))));
    }

    static List<String> envArgs(String env, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "-f", CHART.resolve("values-" + env + ".yaml").toString(),
                "-f", SOURCE.resolve("apisix-values/" + env + ".yaml").toString(),
                "--set", "global.imageTag=1.4.0-0a1b2c3",
                "--api-versions", "monitoring.coreos.com/v1"));
        if (env.equals("prod")) {
            args.addAll(List.of("-f", DIGESTS.toString()));
        }
        args.addAll(List.of(extra));
        return args;
    }

    /** helm template of an environment under another release name (cached). */
    static Rendered templateFor(String release, String env) {
        return cached("release " + release + " " + env, () -> {
            Result r = template(release, envArgs(env));
            if (r.exitCode() != 0) {
                throw new AssertionError("helm template failed: " + r.stderr());
            }
            return Rendered.parse(r.stdout());
        });
    }

    /** envArgs without the monitoring.coreos.com/v1 API (a cluster without the prometheus-operator CRDs). */
    static List<String> envArgsWithoutCrds(String env, String... extra) {
        List<String> args = envArgs(env, extra);
        int i = args.indexOf("--api-versions");
        args.remove(i + 1);
        args.remove(i);
        return args;
    }

    static String templateOk(List<String> args) {
        Result r = template(args);
        if (r.exitCode() != 0) {
            throw new AssertionError("helm template failed (" + r.exitCode() + "): " + r.stderr());
        }
        return r.stdout();
    }

    static Result template(List<String> args) {
        return template(RELEASE, args);
    }

    static Result template(String release, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("template", release, CHART.toString(), "--namespace", NAMESPACE));
        cmd.addAll(args);
        return run(cmd);
    }

    static Result run(List<String> helmArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("helm.bin", "helm"));
        cmd.addAll(helmArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Path home = Path.of(System.getProperty("helm.home", "target/helm")).toAbsolutePath();
        pb.environment().put("KUBECONFIG", "/dev/null");
        pb.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
        pb.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
        pb.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
        try {
            Path out = Files.createTempFile("helm", ".out");
            Path err = Files.createTempFile("helm", ".err");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("helm timed out: " + cmd);
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new AssertionError("cannot run helm " + cmd + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
