package com.bi.cron.data;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import com.bi.cron.domain.RunSummary;

/**
 * The completion metric pushed to a Prometheus Pushgateway in the text exposition format, grouped as
 * {@code /metrics/job/bi_cron/bi_job/<job>} (one group per job; {@code bi_job} is the label the chart's bi-cron
 * alerts use). POST, not PUT: POST replaces only the metrics it sends, so a failed run leaves the group's
 * {@code bi_cron_last_success_timestamp_seconds} of the last success in place (PUT would drop it).
 */
public final class Pushgateway {
    private final HttpClient http;
    private final URI base;
    private final Duration timeout;

    public Pushgateway(String baseUrl, Duration timeout) {
        URI uri = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an http(s) URL with a host; got " + baseUrl);
        }
        this.base = uri;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public void push(RunSummary run) throws IOException, InterruptedException {
        URI target = URI.create(base + "/metrics/job/bi_cron/bi_job/" + URLEncoder.encode(run.job(), StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(target).timeout(timeout)
                .header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(exposition(run), StandardCharsets.UTF_8)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("Pushgateway answered " + response.statusCode() + " at " + target);
        }
    }

    /** The pushed text: the run's outcome, counts and duration; the last-success time only after a success. */
    public static String exposition(RunSummary run) {
        StringBuilder text = new StringBuilder();
        gauge(text, "bi_cron_last_run_timestamp_seconds", "When the job's last run ended (any outcome)", run.endedEpochSeconds());
        gauge(text, "bi_cron_last_run_success", "1 when the job's last run succeeded (or was skipped), 0 when it failed",
                run.outcome() == RunSummary.Outcome.FAILED ? 0 : 1);
        gauge(text, "bi_cron_last_run_duration_seconds", "Duration of the job's last run", run.durationMillis() / 1000.0);
        gauge(text, "bi_cron_last_run_tenants", "Tenants the last run visited (0 for retention and nacos-backup)", run.tenants());
        gauge(text, "bi_cron_last_run_items", "Items the last run handled (jobs queued, rows purged, messages sent, configs saved)", run.items());
        gauge(text, "bi_cron_last_run_failures", "Units that failed in the last run", run.failures());
        if (run.outcome() == RunSummary.Outcome.SUCCESS) {
            gauge(text, "bi_cron_last_success_timestamp_seconds", "When the job last succeeded", run.endedEpochSeconds());
        }
        return text.toString();
    }

    private static void gauge(StringBuilder text, String name, String help, double value) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(value == Math.rint(value) && Math.abs(value) < 1e15
                        ? Long.toString((long) value) : String.format(Locale.ROOT, "%.3f", value)).append('\n');
    }
}
