package com.bi.common.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One readable line per record, for a person at a terminal ({@code bi.log.format=text}): local time, level, the
 * service in a process hosting several (the launcher), the logger's last two name parts, the message, then the
 * request's tenant and trace id when there is one; a stack trace follows on its own lines. Control characters in the message are escaped so a message cannot forge a line.
 */
public final class TextLogFormatter extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160);
        line.append(TIME.format(Instant.ofEpochMilli(record.getMillis()))).append(' ');
        String level = switch (record.getLevel().getName()) {
            case "SEVERE" -> "ERROR";
            case "WARNING" -> "WARN ";
            case "INFO" -> "INFO ";
            case "CONFIG", "FINE" -> "DEBUG";
            default -> "TRACE";
        };
        line.append(level).append(' ');
        String hosted = LogContext.hostedService();
        if (hosted != null) {
            line.append(hosted).append(' ');
        }
        line.append(shortName(record.getLoggerName())).append(": ");
        escape(line, formatMessage(record));
        LogContext.Request request = LogContext.current();
        if (request != null) {
            if (request.tenantId() != null) {
                line.append(" tenant=").append(request.tenantId());
            }
            if (request.traceId() != null) {
                line.append(" trace=").append(request.traceId());
            }
        }
        line.append('\n');
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    /** {@code com.bi.basic.api.ShopRoutes} → {@code api.ShopRoutes}: enough to tell services and classes apart. */
    static String shortName(String logger) {
        if (logger == null || logger.isEmpty()) {
            return "root";
        }
        int last = logger.lastIndexOf('.');
        int previous = last <= 0 ? -1 : logger.lastIndexOf('.', last - 1);
        return logger.substring(previous + 1);
    }

    private static void escape(StringBuilder out, String text) {
        if (text == null) {
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < 0x20 && c != '\t') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
    }
}
