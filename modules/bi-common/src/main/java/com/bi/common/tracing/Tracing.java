package com.bi.common.tracing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import com.bi.common.config.Settings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * OpenTelemetry for one service: W3C trace context in and out, spans batched to OTLP/HTTP (production
 * collectors) or Zipkin when an endpoint is configured, and kept in-process (trace ids still reach the logs)
 * when none is.
 */
public final class Tracing implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Tracing.class.getName());

    public enum Exporter { NONE, OTLP, ZIPKIN }

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    private Tracing(SdkTracerProvider provider, String service) {
        this.provider = provider;
        this.tracer = provider.get("com.bi." + service);
    }

    /**
     * Keys: {@code bi.tracing.exporter} (none|otlp|zipkin; otlp when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set),
     * {@code bi.tracing.endpoint} (the OTLP base URL or the Zipkin {@code /api/v2/spans} URL),
     * {@code bi.tracing.sample.percent} (0..100, of root traces; child spans follow their parent); declared in
     * {@link TracingOptions}.
     */
    public static Tracing create(String service, String env, Settings settings) {
        TracingOptions options = TracingOptions.from(settings);
        Exporter kind = options.exporter();
        String endpoint = options.endpoint().orElse(null);
        double ratio = options.sampleRatio();

        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), service,
                AttributeKey.stringKey("deployment.environment.name"), env)));
        var builder = SdkTracerProvider.builder()
                .setResource(resource)
                .setSampler(Sampler.parentBased(ratio >= 1.0 ? Sampler.alwaysOn() : Sampler.traceIdRatioBased(ratio)));
        SpanExporter exporter = exporter(kind, endpoint);
        if (exporter != null) {
            builder.addSpanProcessor(BatchSpanProcessor.builder(exporter)
                    .setScheduleDelay(Duration.ofMillis(500))
                    .build());
            LOG.info(() -> "tracing: exporting spans with " + kind.name().toLowerCase() + " to " + endpoint);
        }
        return new Tracing(builder.build(), service);
    }

    private static SpanExporter exporter(Exporter kind, String endpoint) {
        if (kind == Exporter.NONE) {
            return null;
        }
        if (endpoint == null) {
            throw new com.bi.common.config.InvalidConfigException(TracingOptions.ENDPOINT.key(),
                    "is required when bi.tracing.exporter is " + kind.name().toLowerCase());
        }
        return switch (kind) {
            case OTLP -> OtlpHttpSpanExporter.builder()
                    .setEndpoint(endpoint.endsWith("/v1/traces") ? endpoint : endpoint.replaceAll("/$", "") + "/v1/traces")
                    .setTimeout(Duration.ofSeconds(5))
                    .build();
            case ZIPKIN -> ZipkinSpanExporter.builder()
                    .setSender(URLConnectionSender.create(endpoint))
                    .build();
            case NONE -> null;
        };
    }

    public Tracer tracer() {
        return tracer;
    }

    public TextMapPropagator propagator() {
        return W3CTraceContextPropagator.getInstance();
    }

    /** Sends what is buffered (used at shutdown, and by tests before they look at the backend). */
    public void flush() {
        provider.forceFlush().join(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        provider.shutdown().join(5, TimeUnit.SECONDS);
    }
}
