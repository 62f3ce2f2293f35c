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

/** Runs the real helm CLI (path from -Dhelm.bin) against the chart copy without remote dependencies (-Dchart.dir). */
final class Helm {
    static final String RELEASE = "bi-platform";
    static final String NAMESPACE = "bi";
    static final List<String> ENVS = List.of("dev", "test", "prod");
    static final Path CHART = Path.of(System.getProperty("chart.dir", "../../target/charts/bi-platform")).toAbsolutePath().normalize();
    static final Path SOURCE = Path.of(System.getProperty("chart.source", "..")).toAbsolutePath().normalize();
    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    record Result(int exitCode, String stdout, String stderr) {}

    private Helm() {}

    /** helm template for one environment with both overlays, CRD-gated objects on (cached). */
    static Rendered env(String env) {
        return CACHE.computeIfAbsent(env, e -> Rendered.parse(templateOk(envArgs(e))));
    }

    static List<String> envArgs(String env, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "-f", CHART.resolve("values-" + env + ".yaml").toString(),
                "-f", SOURCE.resolve("apisix-values/" + env + ".yaml").toString(),
                "--set", "global.imageTag=1.4.0-0a1b2c3",
                "--api-versions", "monitoring.coreos.com/v1"));
        args.addAll(List.of(extra));
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
