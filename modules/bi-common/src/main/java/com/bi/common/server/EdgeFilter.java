package com.bi.common.server;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.bi.common.error.ApiException;
import com.bi.common.logging.AccessLog;
import com.bi.common.logging.LogContext;
import com.bi.common.observe.HttpMetrics;
import com.bi.common.ratelimit.TenantRateLimit;
import com.bi.common.security.Caller;
import com.bi.common.security.CallerToken;
import com.bi.common.security.JwtVerifier;
import com.bi.common.tenancy.TenantGuard;
import com.bi.common.tracing.Tracing;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * Everything at the edge of every HTTP request, in order: request id, W3C trace context and a SERVER span,
 * log context, the JWT check on {@code /api/} routes (tenant and roles into the request context) and the
 * suspended-tenant check, in-flight
 * accounting for graceful shutdown, then per-route metrics and one access-log line.
 *
 * <p>Every request passes here, so the path is kept cheap: the verifier answers a known token from its cache, meters
 * are looked up once per series, request ids come from a thread-local generator and the access line is built without
 * formatting and written in batches ({@link AccessLog}, {@code com.bi.common.logging.Logging}).
 */
final class EdgeFilter implements Filter {
    static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** The {@code route} label (and span name) of requests without a matched route pattern. */
    static final String UNMATCHED = "unmatched";

    // attribute keys made once: setAttribute(String, …) builds a key per call
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<String> REQUEST_ID_ATTRIBUTE = AttributeKey.stringKey("http.request.id");
    private static final AttributeKey<String> TENANT = AttributeKey.stringKey("tenant.id");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final HeaderName TRACEPARENT = HeaderNames.create("traceparent");
    private static final HeaderName TRACESTATE = HeaderNames.create("tracestate");

    private static final TextMapGetter<RoutingRequest> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(RoutingRequest request) {
            return request.headers().stream().map(h -> h.name()).toList();
        }

        @Override
        public String get(RoutingRequest request, String key) {
            if (request == null) {
                return null;
            }
            // the W3C propagator asks for these two on every request: no header name built per call
            HeaderName name = "traceparent".equals(key) ? TRACEPARENT : "tracestate".equals(key) ? TRACESTATE
                    : HeaderNames.create(key);
            return request.headers().first(name).orElse(null);
        }
    };

    private final Tracing tracing;
    private final JwtVerifier verifier;
    private final Supplier<TenantGuard> tenantGuard;
    /** The guard once resolved: the kit's supplier is synchronized, and every request would queue on its lock. */
    private volatile TenantGuard resolvedGuard;
    private final AccessLog accessLog;
    private final HttpMetrics metrics;
    private final Lifecycle lifecycle;
    private final List<String> publicPaths;
    private final long maxBody;

    private final ClientAddress.TrustedProxies trustedProxies;

    private final Supplier<TenantRateLimit> rateLimit;

    EdgeFilter(Tracing tracing, JwtVerifier verifier, Supplier<TenantGuard> tenantGuard, Supplier<TenantRateLimit> rateLimit,
               HttpMetrics metrics, Lifecycle lifecycle, List<String> publicPaths, long maxBody,
               ClientAddress.TrustedProxies trustedProxies) {
        this(tracing, verifier, tenantGuard, rateLimit, metrics, lifecycle, publicPaths, maxBody, trustedProxies,
                AccessLog.everyRequest());
    }

    EdgeFilter(Tracing tracing, JwtVerifier verifier, Supplier<TenantGuard> tenantGuard, Supplier<TenantRateLimit> rateLimit,
               HttpMetrics metrics, Lifecycle lifecycle, List<String> publicPaths, long maxBody,
               ClientAddress.TrustedProxies trustedProxies, AccessLog accessLog) {
        this.accessLog = accessLog;
        this.rateLimit = rateLimit;
        this.trustedProxies = trustedProxies;
        this.tenantGuard = tenantGuard;
        this.maxBody = maxBody;
        this.tracing = tracing;
        this.verifier = verifier;
        this.metrics = metrics;
        this.lifecycle = lifecycle;
        this.publicPaths = publicPaths;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long startNanos = System.nanoTime();
        String requestId = req.headers().first(REQUEST_ID).filter(id -> SAFE_REQUEST_ID.matcher(id).matches())
                .orElseGet(EdgeFilter::newRequestId);
        res.header(REQUEST_ID, requestId);
        req.context().register(RequestIds.class, new RequestIds(requestId));
        req.context().register(ClientAddress.TrustedProxies.class, trustedProxies);

        String path = req.path().path();
        String method = req.prologue().method().text();
        Context parent = tracing.propagator().extract(Context.root(), req, GETTER);
        // named by method now, by method and matched route when the request ends (never by the raw path)
        Span span = tracing.tracer().spanBuilder(method)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(METHOD, method)
                .setAttribute(URL_PATH, path)
                .setAttribute(REQUEST_ID_ATTRIBUTE, requestId)
                .startSpan();
        SpanContext spanContext = span.getSpanContext();
        LogContext.bind(new LogContext.Request(requestId, spanContext.getTraceId(), spanContext.getSpanId(), null));
        lifecycle.enter();
        try (Scope ignored = span.makeCurrent()) {
            // refuse an oversized body before reading it (HTTP/1.1 also has the listener's max payload size)
            long length = req.headers().contentLength().orElse(-1);
            if (length > maxBody) {
                throw new ApiException(413, "Content Too Large", "the request body has " + length
                        + " bytes; this service accepts at most " + maxBody);
            }
            if (needsToken(path)) {
                String token = bearer(req);
                Caller caller = verifier.verify(token);
                guard().check(caller, token, isWrite(method));
                TenantRateLimit limit = rateLimit.get();
                if (limit != null) {
                    limit.check(caller.tenantId(), token);
                }
                CallerToken.bind(token);
                req.context().register(Caller.class, caller);
                span.setAttribute(TENANT, caller.tenantId());
                LogContext.tenant(caller.tenantId());
            }
            chain.proceed();
        } catch (ApiException e) {
            // the token check failed before routing: answer with the same problem format as the handlers
            Problems.send(req, res, e);
        } catch (RuntimeException e) {
            span.recordException(e);
            throw e;
        } finally {
            int status = res.status().code();
            // the matched pattern, never the raw path: a request refused before routing (401, 413 …) or matching no
            // route would otherwise make one series per path sent, and anyone can send many
            String route = req.matchingPattern().orElse(UNMATCHED);
            long nanos = System.nanoTime() - startNanos;
            metrics.record(method, route, status, nanos);
            span.setAttribute(ROUTE, route);
            span.setAttribute(STATUS, (long) status);
            span.updateName(method + " " + route);
            if (status >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
            if (!path.startsWith("/observe/")) {
                accessLog.request(method, path, status, nanos);
            }
            lifecycle.exit();
            LogContext.bind(null);
            CallerToken.bind(null);
        }
    }

    private TenantGuard guard() {
        TenantGuard guard = resolvedGuard;
        if (guard == null) {
            guard = tenantGuard.get();
            resolvedGuard = guard;
        }
        return guard;
    }

    /**
     * A random (version 4) UUID from the thread's generator: a request id only has to be unique, not unguessable, and
     * {@link UUID#randomUUID()} takes every request through one shared SecureRandom.
     */
    static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;                            // version 4
        long low = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L; // IETF variant
        return new UUID(high, low).toString();
    }

    private boolean needsToken(String path) {
        if (!path.startsWith("/api/")) {
            return false;
        }
        for (String open : publicPaths) {
            if (path.equals(open) || open.endsWith("/*") && path.startsWith(open.substring(0, open.length() - 1))) {
                return false;
            }
        }
        return true;
    }

    /** What the tenant guard may refuse without bi-tenant: anything but GET, HEAD and OPTIONS. */
    private static boolean isWrite(String method) {
        return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
    }

    private static String bearer(RoutingRequest req) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION)
                .orElseThrow(() -> ApiException.unauthorized("a bearer token is required (Authorization: Bearer <jwt>)"));
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("the Authorization header must be 'Bearer <jwt>'");
        }
        return header.substring(7).trim();
    }

    /** The request id, readable by error handlers. */
    record RequestIds(String requestId) {
    }
}
