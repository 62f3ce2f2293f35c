package com.bi.common.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/** One JSON object per line, for log collectors: time, level, logger, message, service, env and request ids. */
public final class JsonLogFormatter extends Formatter {
    @Override
    public String format(LogRecord record) {
        StringBuilder json = new StringBuilder(256);
        json.append('{');
        timestamp(json, record.getMillis());
        field(json, "level", record.getLevel().getName());
        field(json, "logger", record.getLoggerName());
        field(json, "msg", formatMessage(record));
        field(json, "service", LogContext.service());
        field(json, "env", LogContext.env());
        LogContext.Request request = LogContext.current();
        if (request != null) {
            field(json, "trace_id", request.traceId());
            field(json, "span_id", request.spanId());
            field(json, "request_id", request.requestId());
            field(json, "tenant_id", request.tenantId());
        }
        field(json, "thread", Thread.currentThread().getName());
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            field(json, "error", trace.toString());
        }
        json.setLength(json.length() - 1);
        return json.append("}\n").toString();
    }

    /** The second a line was written in, formatted once for all lines of that second. */
    private record Second(long epochSecond, String text) {
    }

    private static volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

    /** {@code "ts":"2026-12-02T04:30:38.123Z",}: ISO-8601 UTC with milliseconds, the date part formatted once a second. */
    static void timestamp(StringBuilder json, long epochMillis) {
        long epochSecond = Math.floorDiv(epochMillis, 1000);
        Second second = lastSecond;
        if (second.epochSecond() != epochSecond) {
            String iso = Instant.ofEpochSecond(epochSecond).toString(); // 2026-12-02T04:30:38Z
            second = new Second(epochSecond, iso.substring(0, iso.length() - 1));
            lastSecond = second;
        }
        int millis = (int) Math.floorMod(epochMillis, 1000);
        json.append("\"ts\":\"").append(second.text()).append('.')
                .append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10))
                .append("Z\",");
    }

    private static void field(StringBuilder json, String name, String value) {
        if (value == null) {
            return;
        }
        json.append('"').append(name).append("\":\"");
        escape(json, value);
        json.append("\",");
    }

    static void escape(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
