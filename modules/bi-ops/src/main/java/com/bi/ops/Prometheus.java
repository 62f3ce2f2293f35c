package com.bi.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** Instant queries against the Prometheus HTTP API ({@code /api/v1/query}). */
public final class Prometheus {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Prometheus(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw OpsException.usage("no Prometheus: give --prometheus <url> or BI_OPS_PROMETHEUS_URL "
                    + "(e.g. kubectl -n monitoring port-forward svc/<stack>-prometheus 9090 and http://127.0.0.1:9090)");
        }
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    }

    /**
     * The single value of an instant vector or scalar at {@code at}; NaN when the vector is empty (no series: no
     * traffic). More than one series is a bug in the query, reported as such.
     */
    public double value(String promql, Instant at) {
        String q = "api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time=" + at.getEpochSecond();
        HttpResponse<String> resp;
        try {
            resp = http.send(HttpRequest.newBuilder(base.resolve(q)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw OpsException.failed("Prometheus at " + base + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OpsException.failed("interrupted while querying Prometheus");
        }
        JsonNode body;
        try {
            body = JSON.readTree(resp.body());
        } catch (IOException e) {
            throw OpsException.failed("Prometheus answered HTTP " + resp.statusCode() + " with no JSON body");
        }
        if (!"success".equals(body.path("status").asText())) {
            throw OpsException.failed("Prometheus refused the query " + promql + ": " + body.path("error").asText("HTTP " + resp.statusCode()));
        }
        JsonNode data = body.path("data");
        JsonNode result = data.path("result");
        return switch (data.path("resultType").asText()) {
            case "scalar" -> Double.parseDouble(result.get(1).asText());
            case "vector" -> {
                if (result.isEmpty()) {
                    yield Double.NaN;
                }
                if (result.size() > 1) {
                    throw OpsException.failed("query returned " + result.size() + " series, expected one: " + promql);
                }
                yield Double.parseDouble(result.get(0).path("value").get(1).asText());
            }
            default -> throw OpsException.failed("unexpected result type " + data.path("resultType").asText() + " for " + promql);
        };
    }
}
