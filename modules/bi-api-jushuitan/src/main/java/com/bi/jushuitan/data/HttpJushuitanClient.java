package com.bi.jushuitan.data;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.bi.common.json.Json;
import com.bi.jushuitan.domain.JushuitanApi;
import com.fasterxml.jackson.databind.JsonNode;

/** Signed, form-encoded POSTs to the Jushuitan open API; the envelope's code becomes an exception. */
public final class HttpJushuitanClient implements JushuitanApi.Client {
    private final HttpClient http;
    private final String baseUrl;
    private final String appKey;
    private final String appSecret;
    private final String accessToken;
    private final Duration timeout;
    private final Clock clock;

    public HttpJushuitanClient(HttpClient http, String baseUrl, String appKey, String appSecret, String accessToken,
                               Duration timeout, Clock clock) {
        this.http = http;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.appKey = appKey;
        this.appSecret = appSecret;
        this.accessToken = accessToken;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public JsonNode call(String path, String biz) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("app_key", appKey);
        params.put("access_token", accessToken);
        params.put("timestamp", String.valueOf(clock.instant().getEpochSecond()));
        params.put("charset", "utf-8");
        params.put("version", "2");
        params.put("biz", biz == null || biz.isEmpty() ? "{}" : biz);
        params.put("sign", JushuitanApi.sign(appSecret, params));
        String form = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new JushuitanApi.Transient("Jushuitan did not answer in " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new JushuitanApi.Transient("cannot reach Jushuitan: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JushuitanApi.Transient("interrupted", e);
        }
        if (response.statusCode() >= 500 || response.statusCode() == 429) {
            throw new JushuitanApi.Transient("Jushuitan answered HTTP " + response.statusCode(), null);
        }
        JsonNode envelope;
        try {
            envelope = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new JushuitanApi.Transient("Jushuitan answered something that is not JSON (HTTP " + response.statusCode() + ")", e);
        }
        if (envelope == null || !envelope.has("code")) {
            throw new JushuitanApi.Transient("Jushuitan answered without a code (HTTP " + response.statusCode() + ")", null);
        }
        int code = envelope.path("code").asInt(-1);
        if (code != 0) {
            throw new JushuitanApi.ApiError(code, envelope.path("msg").asText(""));
        }
        return envelope.path("data");
    }
}
