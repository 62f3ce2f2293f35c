package com.bi.common.tracing;

import java.util.Optional;

import com.bi.common.config.Option;
import com.bi.common.config.OptionGroup;
import com.bi.common.config.Settings;

/** Where spans go and how many root traces are kept. */
public record TracingOptions(Tracing.Exporter exporter, Optional<String> endpoint, double sampleRatio) {
    public static final Option<String> OTEL_ENDPOINT = Option.string("otel.exporter.otlp.endpoint", null,
            "the OpenTelemetry standard variable; turns the otlp exporter on when set");
    public static final Option<Tracing.Exporter> EXPORTER = Option.enumValue("bi.tracing.exporter", Tracing.Exporter.class,
            Tracing.Exporter.NONE, "span exporter: none, otlp (HTTP/protobuf) or zipkin")
            .defaultText("NONE (OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set)");
    public static final Option<String> ENDPOINT = Option.string("bi.tracing.endpoint", null,
            "collector base URL (OTLP) or http://zipkin:9411/api/v2/spans").defaultText("OTEL_EXPORTER_OTLP_ENDPOINT");
    public static final Option<Integer> SAMPLE_PERCENT = Option.integer("bi.tracing.sample.percent", 100, 0, 100,
            "share of root traces kept (children follow their parent)").unit("percent");

    public static final OptionGroup GROUP = OptionGroup.of("tracing", "Tracing", EXPORTER, ENDPOINT, SAMPLE_PERCENT,
            OTEL_ENDPOINT);

    public static TracingOptions from(Settings s) {
        Optional<String> otel = s.optional(OTEL_ENDPOINT);
        Tracing.Exporter exporter = s.optional(EXPORTER)
                .orElse(otel.isPresent() ? Tracing.Exporter.OTLP : Tracing.Exporter.NONE);
        return new TracingOptions(exporter, s.optional(ENDPOINT).or(() -> otel), s.get(SAMPLE_PERCENT) / 100.0);
    }
}
