package com.bi.common.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import io.helidon.config.Config;

/**
 * Typed, validated reads of configuration keys. Every failure is an {@link InvalidConfigException} naming the key,
 * so a bad value stops the service at start with a message an operator can act on.
 */
public final class Settings {
    private final Config root;

    public Settings(Config root) {
        this.root = root;
    }

    public Config root() {
        return root;
    }

    /** The environment variable that overrides a key: dots become underscores, upper case. */
    public static String envName(String key) {
        return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** A declared option's value, or its default; see {@link Option#get}. */
    public <T> T get(Option<T> option) {
        return option.get(this);
    }

    /** A declared option's value when set; see {@link Option#optional}. */
    public <T> Optional<T> optional(Option<T> option) {
        return option.optional(this);
    }

    public Optional<String> optionalString(String key) {
        return root.get(key).asString().asOptional().map(String::trim).filter(s -> !s.isEmpty());
    }

    public String string(String key, String defaultValue) {
        return optionalString(key).orElse(defaultValue);
    }

    public String requiredString(String key) {
        return optionalString(key).orElseThrow(() -> new InvalidConfigException(key, "is required"));
    }

    public int intInRange(String key, int defaultValue, int min, int max) {
        Optional<String> raw = optionalString(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(key, "must be an integer; got '" + raw.get() + "'");
        }
        if (value < min || value > max) {
            throw new InvalidConfigException(key, "must be between " + min + " and " + max + "; got " + value);
        }
        return value;
    }

    public long longInRange(String key, long defaultValue, long min, long max) {
        Optional<String> raw = optionalString(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(raw.get());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(key, "must be an integer; got '" + raw.get() + "'");
        }
        if (value < min || value > max) {
            throw new InvalidConfigException(key, "must be between " + min + " and " + max + "; got " + value);
        }
        return value;
    }

    public boolean bool(String key, boolean defaultValue) {
        Optional<String> raw = optionalString(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new InvalidConfigException(key, "must be true or false; got '" + raw.get() + "'");
        };
    }

    /** A duration as ISO-8601 ({@code PT5S}) or a number with a unit: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        return Option.duration(key, defaultValue, min, max, key).get(this); // the one duration parser
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        Optional<String> raw = optionalString(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, raw.get().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E constant : type.getEnumConstants()) {
                allowed.append(allowed.isEmpty() ? "" : ", ").append(constant.name().toLowerCase(Locale.ROOT));
            }
            throw new InvalidConfigException(key, "must be one of " + allowed + "; got '" + raw.get() + "'");
        }
    }
}
