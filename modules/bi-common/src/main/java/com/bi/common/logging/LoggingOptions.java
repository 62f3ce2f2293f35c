package com.bi.common.logging;

import java.util.List;
import java.util.logging.Level;

import com.bi.common.config.Option;
import com.bi.common.config.OptionGroup;
import com.bi.common.config.ReloadableOption;
import com.bi.common.config.Settings;

/** The log level (the one option that reloads live from Nacos), the line format and the access log's sample. */
public record LoggingOptions(Level level, Format format) {
    /** JSON lines for log collectors (containers); text lines for a person at a terminal (the launcher). */
    public enum Format { JSON, TEXT }

    public static final ReloadableOption<String> LEVEL = Option.oneOf("bi.log.level", "INFO",
            List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FINEST", "FINER", "FINE", "CONFIG", "WARNING", "SEVERE",
                    "OFF", "ALL"), "root log level (the java.util.logging names work too)").reloadable();

    public static final Option<Integer> ACCESS_SAMPLE_PERCENT = Option.integer("bi.log.access.sample.percent", 100, 0, 100,
            "share of successful requests written to the access log (a 4xx or 5xx is always written)").unit("percent");

    public static final Option<String> FORMAT = Option.oneOf("bi.log.format", "json", List.of("json", "text"),
            "log line format: json (one object per line, for collectors) or text (one readable line, for a terminal)");

    public static final OptionGroup GROUP = OptionGroup.of("logging", "Logging", LEVEL, FORMAT, ACCESS_SAMPLE_PERCENT);

    public static LoggingOptions from(Settings s) {
        return new LoggingOptions(julLevel(s.get(LEVEL)), s.get(FORMAT).equals("text") ? Format.TEXT : Format.JSON);
    }

    /** The java.util.logging level of a declared level name. */
    public static Level julLevel(String level) {
        return switch (level) {
            case "TRACE" -> Level.FINEST;
            case "DEBUG" -> Level.FINE;
            case "WARN" -> Level.WARNING;
            case "ERROR" -> Level.SEVERE;
            default -> Level.parse(level);
        };
    }
}
