package com.bi.jushuitan.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import com.bi.common.json.Json;
import com.bi.jushuitan.domain.JushuitanApi;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Signed, form-encoded POSTs to the Jushuitan open API. Before every call the SSRF guard checks the host and the
 * addresses it resolves to; redirects are never followed (the shared client is built with {@code NEVER}); the
 * answer is read into at most {@code maxBody} bytes and the whole call — connect, headers and body — ends within
 * {@code totalTimeout}. Failures are classified with fixed texts: upstream content is only logged, shortened.
 */
public final class HttpJushuitanClient implements JushuitanApi.Client {
    private static final Logger LOG = Logger.getLogger(HttpJushuitanClient.class.getName());

    /** Per-call bounds: headers within {@code headersTimeout}, the whole call within {@code totalTimeout}. */
    public record Limits(Duration headersTimeout, Duration totalTimeout, long maxBody) {
    }

    private final HttpClient http;
    private final UpstreamGuard guard;
    private final String baseUrl;
    private final String appKey;
    private final String appSecret;
    private final String accessToken;
    private final Limits limits;
    private final Clock clock;

    public HttpJushuitanClient(HttpClient http, UpstreamGuard guard, String baseUrl, String appKey, String appSecret,
                               String accessToken, Limits limits, Clock clock) {
        if (http.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("the Jushuitan client must not follow redirects");
        }
        this.http = http;
        this.guard = guard;
        this.baseUrl = baseUrl;
        this.appKey = appKey;
        this.appSecret = appSecret;
        this.accessToken = accessToken;
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    public JsonNode call(String path, String biz) {
        URI base = guard.checkCall(baseUrl);
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
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(limits.headersTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<byte[]> response = send(request);
        int status = response.statusCode();
        if (status >= 300 && status < 400) {
            throw new JushuitanApi.Refused("Jushuitan answered with a redirect (HTTP " + status + "); redirects are not followed");
        }
        if (status >= 500 || status == 429) {
            throw new JushuitanApi.Transient("Jushuitan answered HTTP " + status, null);
        }
        if (status != 200) {
            throw new JushuitanApi.Refused("Jushuitan answered HTTP " + status);
        }
        JsonNode envelope;
        try {
            envelope = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new JushuitanApi.Transient("Jushuitan answered something that is not JSON", null);
        }
        if (envelope == null || !envelope.isObject() || !envelope.path("code").canConvertToInt()) {
            throw new JushuitanApi.Transient("Jushuitan answered without a code", null);
        }
        int code = envelope.path("code").asInt();
        if (code != 0) {
            LOG.info(() -> "Jushuitan code " + code + ": " + shorten(envelope.path("msg").asText("")));
            throw new JushuitanApi.ApiError(code);
        }
        JsonNode data = envelope.path("data");
        if (!data.isObject()) {
            throw new JushuitanApi.Transient("Jushuitan answered without data", null);
        }
        return data;
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request, info -> new Capped(info, limits.maxBody()));
        try {
            return future.get(limits.totalTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true); // aborts the exchange: a slow drip does not hold the connection
            throw new JushuitanApi.Transient("Jushuitan did not answer completely within " + limits.totalTimeout().toMillis() + " ms", null);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new JushuitanApi.Transient("interrupted", null);
        } catch (ExecutionException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof TooLarge) {
                    throw new JushuitanApi.Refused("Jushuitan's answer was larger than " + limits.maxBody() + " bytes");
                }
                if (cause instanceof HttpTimeoutException) {
                    throw new JushuitanApi.Transient("Jushuitan did not answer within " + limits.headersTimeout().toMillis() + " ms", null);
                }
            }
            throw new JushuitanApi.Transient("cannot reach Jushuitan", null);
        }
    }

    private static String shorten(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", " ");
        return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("answer too large");
        }
    }

    /** Collects the body, failing (and cancelling the exchange) as soon as it exceeds the cap. */
    private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final long max;
        private final boolean declaredTooLarge;
        private Flow.Subscription subscription;
        private long size;

        Capped(HttpResponse.ResponseInfo info, long max) {
            this.max = max;
            this.declaredTooLarge = info.headers().firstValueAsLong("Content-Length").orElse(-1) > max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declaredTooLarge) {
                s.cancel();
                body.completeExceptionally(new TooLarge());
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : items) {
                size += buffer.remaining();
                if (size > max) {
                    subscription.cancel();
                    body.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            body.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            body.complete(out.toByteArray());
        }
    }
}
