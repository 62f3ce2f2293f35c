package com.bi.common.tracing;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.WebClientServiceRequest;
import io.helidon.webclient.api.WebClientServiceResponse;
import io.helidon.webclient.spi.WebClientService;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapSetter;

/** A WebClient service: a CLIENT span around each outgoing HTTP call, with {@code traceparent} injected. */
public final class ClientTracing implements WebClientService {
    private static final TextMapSetter<WebClientServiceRequest> SETTER =
            (request, key, value) -> request.headers().set(HeaderNames.create(key), value);

    private final Tracing tracing;

    public ClientTracing(Tracing tracing) {
        this.tracing = tracing;
    }

    @Override
    public WebClientServiceResponse handle(Chain chain, WebClientServiceRequest request) {
        Span span = tracing.tracer().spanBuilder(request.method().text() + " " + request.uri().path())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("http.request.method", request.method().text())
                .setAttribute("url.full", request.uri().toString())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            tracing.propagator().inject(Context.current(), request, SETTER);
            WebClientServiceResponse response = chain.proceed(request);
            Status status = response.status();
            span.setAttribute("http.response.status_code", status.code());
            if (status.code() >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
            return response;
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    @Override
    public String type() {
        return "bi-tracing";
    }

    @Override
    public String name() {
        return "bi-tracing";
    }
}
