package com.bi.common.grpc;

import java.util.function.Supplier;
import java.util.logging.Logger;

import com.bi.common.error.ApiException;
import com.bi.common.logging.LogContext;
import com.bi.common.security.Caller;
import com.bi.common.security.CallerToken;
import com.bi.common.security.JwtVerifier;
import com.bi.common.server.Lifecycle;
import com.bi.common.tenancy.TenantGuard;
import com.bi.common.tracing.Tracing;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * The gRPC twin of the HTTP edge: trace context from metadata and a SERVER span, the caller's JWT from the
 * {@code authorization} metadata (every service checks it again; the health service is open for probes), the
 * caller in the gRPC context, in-flight accounting, and domain errors mapped to gRPC status codes.
 */
public final class GrpcEdge implements ServerInterceptor {
    /** The verified caller of the current gRPC call. */
    public static final Context.Key<Caller> CALLER = Context.key("bi-caller");
    private static final Context.Key<String> TOKEN = Context.key("bi-caller-token");
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Logger LOG = Logger.getLogger(GrpcEdge.class.getName());

    private static final TextMapGetter<Metadata> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Metadata metadata) {
            return metadata.keys();
        }

        @Override
        public String get(Metadata metadata, String key) {
            return metadata == null ? null : metadata.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
        }
    };

    private final Tracing tracing;
    private final JwtVerifier verifier;
    private final Supplier<TenantGuard> tenantGuard;
    private final Lifecycle lifecycle;

    public GrpcEdge(Tracing tracing, JwtVerifier verifier, Supplier<TenantGuard> tenantGuard, Lifecycle lifecycle) {
        this.tracing = tracing;
        this.verifier = verifier;
        this.tenantGuard = tenantGuard;
        this.lifecycle = lifecycle;
    }

    /** The caller of the current call, for gRPC service implementations. */
    public static Caller caller() {
        Caller caller = CALLER.get();
        if (caller == null) {
            throw Status.UNAUTHENTICATED.withDescription("a bearer token is required").asRuntimeException();
        }
        return caller;
    }

    /** Read methods by name (Get…, List…, Query…, Check…, Watch…); everything else may change something. */
    static boolean isWrite(String fullMethodName) {
        String method = fullMethodName.substring(fullMethodName.lastIndexOf('/') + 1);
        for (String read : new String[] {"Get", "List", "Query", "Check", "Watch"}) {
            if (method.startsWith(read)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        io.opentelemetry.context.Context parent = tracing.propagator()
                .extract(io.opentelemetry.context.Context.root(), headers, GETTER);
        Span span = tracing.tracer().spanBuilder(method).setParent(parent).setSpanKind(SpanKind.SERVER)
                .setAttribute("rpc.system", "grpc").setAttribute("rpc.method", method).startSpan();

        Context context = Context.current();
        if (!method.startsWith("grpc.health.v1.Health/")) {
            try {
                String header = headers.get(AUTHORIZATION);
                if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    throw ApiException.unauthorized("a bearer token is required in the authorization metadata");
                }
                String token = header.substring(7).trim();
                Caller caller = verifier.verify(token);
                // GetTenant is how every service learns a suspension: it must answer suspended tenants too
                if (!method.equals("bi.tenant.v1.TenantService/GetTenant")) {
                    tenantGuard.get().check(caller, token, isWrite(method));
                }
                context = context.withValue(TOKEN, token);
                span.setAttribute("tenant.id", caller.tenantId());
                context = context.withValue(CALLER, caller);
            } catch (ApiException e) {
                span.setStatus(StatusCode.ERROR, e.getMessage());
                span.end();
                // refuse once the request is in (closing inside interceptCall trips Helidon's protocol handler)
                return new ServerCall.Listener<>() {
                    @Override
                    public void onHalfClose() {
                        call.close(GrpcStatus.of(e), new Metadata());
                    }
                };
            }
        }

        lifecycle.enter();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable finish = () -> {
            if (done.compareAndSet(false, true)) {
                span.end();
                lifecycle.exit();
            }
        };
        ServerCall<Q, R> tracked = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                if (!status.isOk()) {
                    span.setStatus(StatusCode.ERROR, status.getCode().name());
                }
                span.setAttribute("rpc.grpc.status_code", status.getCode().value());
                super.close(status, trailers);
                finish.run();
            }
        };
        Caller caller = CALLER.get(context);
        String token = TOKEN.get(context);
        ServerCall.Listener<Q> delegate = Contexts.interceptCall(context, tracked, headers, next);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            @Override
            public void onHalfClose() {
                try (Scope ignored = span.makeCurrent()) {
                    var spanContext = span.getSpanContext();
                    LogContext.bind(new LogContext.Request(null, spanContext.getTraceId(), spanContext.getSpanId(),
                            caller == null ? null : caller.tenantId()));
                    CallerToken.bind(token);
                    super.onHalfClose();
                } catch (ApiException e) {
                    tracked.close(GrpcStatus.of(e), new Metadata());
                } catch (RuntimeException e) {
                    if (e instanceof io.grpc.StatusRuntimeException sre) {
                        tracked.close(sre.getStatus(), new Metadata());
                    } else {
                        LOG.log(java.util.logging.Level.SEVERE, "unhandled error in " + method, e);
                        tracked.close(Status.INTERNAL.withDescription("unexpected error"), new Metadata());
                    }
                } finally {
                    LogContext.bind(null);
                    CallerToken.bind(null);
                }
            }

            @Override
            public void onCancel() {
                super.onCancel();
                span.setStatus(StatusCode.ERROR, "cancelled");
                finish.run();
            }
        };
    }
}
