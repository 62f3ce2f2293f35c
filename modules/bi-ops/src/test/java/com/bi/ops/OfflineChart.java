package com.bi.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The umbrella chart with its real dependencies (local subcharts + vendored upstream archives), built once per JVM by scripts/lib/chart.sh. */
final class OfflineChart {
    private static Path chart;

    private OfflineChart() {
    }

    /** The real helm CLI: the one ci/lib.sh installs under target/tools, else helm on PATH. */
    static String helm() {
        Path p = OpsProcess.ROOT.resolve("target/tools/helm/helm/helm");
        return Files.isExecutable(p) ? p.toString() : "helm";
    }

    static synchronized Path get() throws Exception {
        if (chart == null) {
            Path out = Path.of("target/offline-chart").toAbsolutePath();
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source \"$1/scripts/lib/chart.sh\" && ops_offline_chart \"$2\"", "bash",
                    OpsProcess.ROOT.toString(), out.toString()).redirectErrorStream(true);
            pb.environment().putAll(env(out));
            Process p = pb.start();
            String log = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("ops_offline_chart failed:\n" + log);
            }
            chart = out.resolve("bi-platform");
        }
        return chart;
    }

    static java.util.Map<String, String> env(Path home) {
        return java.util.Map.of("BI_OPS_HELM", helm(), "KUBECONFIG", "/dev/null",
                "HELM_CACHE_HOME", home.resolve("helm-cache").toString(), "HELM_CONFIG_HOME", home.resolve("helm-config").toString(),
                "HELM_DATA_HOME", home.resolve("helm-data").toString());
    }

    /** An OpsProcess whose helm is the real CLI and whose chart is the offline copy (for local helm template). */
    static OpsProcess ops(String name) throws Exception {
        OpsProcess ops = new OpsProcess(Path.of("target/render-" + name));
        ops.env.putAll(env(ops.dir));
        ops.env.put("BI_OPS_CHART", get().toString());
        return ops;
    }

    static List<String> kinds(String rendered) {
        return rendered.lines().filter(l -> l.startsWith("kind: ")).map(l -> l.substring(6)).toList();
    }
}
