package com.bi.ops;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A real Prometheus (Debian's prometheus 2.x) over series backfilled with promtool tsdb create-blocks-from
 * openmetrics: what the canary analysis queries in a cluster, here with data whose answer is known.
 */
final class PrometheusServer implements AutoCloseable {
    private final Process process;
    final String url;

    private PrometheusServer(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    static PrometheusServer start(Path where, String openMetrics) throws Exception {
        Path dir = where.toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir);
        Path input = dir.resolve("series.om");
        Files.writeString(input, openMetrics);
        Path data = dir.resolve("data");
        run(List.of("promtool", "tsdb", "create-blocks-from", "openmetrics", input.toString(), data.toString()), dir);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 15s\n");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + data,
                "--storage.tsdb.retention.time=100y", "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        String url = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200) {
                    return new PrometheusServer(p, url);
                }
            } catch (IOException notYet) {
                // starting
            }
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("prometheus did not become ready: " + Files.readString(dir.resolve("prometheus.log")));
            }
            Thread.sleep(200);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void run(List<String> cmd, Path dir) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /**
     * OpenMetrics for the services' request histogram, one track (namespace + service label) at a time.
     * Every 15 s from {@code from} to {@code to} (epoch seconds) the counters grow by {@code rate} requests/s,
     * of which {@code errorRatio} get status 500; latencies follow the cumulative {@code bucketShares} over
     * {@link #LE}. Health-check traffic (/observe/health/ready, always fast and 200) is added to prove it is excluded.
     */
    static final class Series {
        static final double[] LE = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
        private final StringBuilder buckets = new StringBuilder();
        private final StringBuilder counts = new StringBuilder();
        private final StringBuilder sums = new StringBuilder();

        /** Cumulative shares: 50% <= 0.05 s, 99.5% <= 0.1 s, all <= 0.25 s: p99 about 0.1 s. */
        static final double[] FAST = {0.5, 0.995, 1, 1, 1, 1, 1};
        /** 3% between 0.5 s and 1 s: p99 about 0.83 s (under the absolute 2 s, far above a fast stable). */
        static final double[] SLOWER = {0.5, 0.97, 0.97, 0.97, 1, 1, 1};
        /** 5% between 2.5 s and 5 s: p99 about 4.5 s. */
        static final double[] SLOW = {0.5, 0.95, 0.95, 0.95, 0.95, 0.95, 1};

        Series track(String namespace, String service, String trackLabel, long from, long to, double rate, double errorRatio,
                     double[] bucketShares) {
            String pod = service + "-" + Integer.toHexString((namespace + service).hashCode() & 0xffff);
            String base = "namespace=\"" + namespace + "\",service=\"" + service + "\",pod=\"" + pod + "\""
                    + (trackLabel == null ? "" : ",track=\"" + trackLabel + "\"") + ",method=\"GET\"";
            add(base + ",route=\"/api/analysis/v1/metrics\",status=\"200\"", from, to, rate * (1 - errorRatio), bucketShares);
            add(base + ",route=\"/api/analysis/v1/metrics\",status=\"500\"", from, to, rate * errorRatio, bucketShares);
            // probes: plenty, fast, 200 — would dilute the error ratio if they were counted
            add(base + ",route=\"/observe/health/ready\",status=\"200\"", from, to, 2, FAST);
            return this;
        }

        private void add(String labels, long from, long to, double rate, double[] shares) {
            double total = 0;
            for (long t = from; t <= to; t += 15) {
                for (int i = 0; i < LE.length; i++) {
                    buckets.append(String.format(Locale.ROOT, "http_server_requests_seconds_bucket{%s,le=\"%s\"} %.3f %d%n",
                            labels, trim(LE[i]), total * shares[i], t));
                }
                buckets.append(String.format(Locale.ROOT, "http_server_requests_seconds_bucket{%s,le=\"+Inf\"} %.3f %d%n", labels, total, t));
                counts.append(String.format(Locale.ROOT, "http_server_requests_seconds_count{%s} %.3f %d%n", labels, total, t));
                sums.append(String.format(Locale.ROOT, "http_server_requests_seconds_sum{%s} %.3f %d%n", labels, total * 0.05, t));
                total += rate * 15;
            }
        }

        private static String trim(double d) {
            return d == Math.floor(d) ? String.valueOf((long) d) : String.valueOf(d);
        }

        /** Each series' samples must be contiguous and in time order; buckets, counts, sums grouped per family. */
        String openMetrics() {
            return "# HELP http_server_requests_seconds HTTP server requests\n# TYPE http_server_requests_seconds histogram\n"
                    + sortBySeries(buckets) + sortBySeries(counts) + sortBySeries(sums) + "# EOF\n";
        }

        private static String sortBySeries(StringBuilder sb) {
            // lines of one series were appended in time order, but series of different buckets interleave: group them
            java.util.LinkedHashMap<String, StringBuilder> bySeries = new java.util.LinkedHashMap<>();
            for (String line : sb.toString().split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                String key = line.substring(0, line.lastIndexOf('}') + 1);
                bySeries.computeIfAbsent(key, k -> new StringBuilder()).append(line).append('\n');
            }
            StringBuilder out = new StringBuilder();
            bySeries.values().forEach(out::append);
            return out.toString();
        }
    }
}
