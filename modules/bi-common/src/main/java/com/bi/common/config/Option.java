package com.bi.common.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One configuration key, declared once: its type, default, range or allowed values, unit, whether it reloads live,
 * a one-line description and whether it is a secret. Startup reads ({@link #get}), Nacos push validation
 * ({@link #check}) and the README's configuration reference all come from this declaration.
 *
 * <p>Declare with a factory ({@link #duration}, {@link #integer}, {@link #string}, …) and refine with the
 * {@code with}-style methods, which return a new declaration; {@link #reloadable()} comes last because only a
 * {@link ReloadableOption} can be read live. A key may name a family with one {@code <name>} placeholder
 * ({@code bi.peers.<peer>.address}); {@link #at(String)} gives the concrete key.
 *
 * @param <T> the Java type a value is read as
 */
public sealed class Option<T> permits ReloadableOption {
    /** How a value is written in configuration. */
    public enum Type {
        STRING, BOOLEAN, INT, LONG, DURATION, SIZE, ENUM;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("<[a-z]+>");

    final String key;
    final Type type;
    final Function<Object, T> convert;
    final String description;
    final T defaultValue;
    final String defaultText;
    final Comparable<?> min;
    final Comparable<?> max;
    final List<String> allowed;
    final Pattern format;
    final String formatText;
    final String unit;
    final boolean secret;
    final boolean required;
    final boolean localOnly;

    Option(String key, Type type, Function<Object, T> convert, String description, T defaultValue, String defaultText,
           Comparable<?> min, Comparable<?> max, List<String> allowed, Pattern format, String formatText, String unit,
           boolean secret, boolean required, boolean localOnly) {
        this.key = Objects.requireNonNull(key, "key");
        this.type = type;
        this.convert = convert;
        this.description = Objects.requireNonNull(description, "description");
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.min = min;
        this.max = max;
        this.allowed = List.copyOf(allowed);
        this.format = format;
        this.formatText = formatText;
        this.unit = unit;
        this.secret = secret;
        this.required = required;
        this.localOnly = localOnly;
        if (!key.equals(key.trim()) || key.isEmpty() || PLACEHOLDER.matcher(key).results().count() > 1) {
            throw new IllegalArgumentException("bad option key '" + key + "'");
        }
    }

    Option<T> copy(T defaultValue, String defaultText, Comparable<?> min, Comparable<?> max, Pattern format,
                   String formatText, String unit, boolean secret, boolean required, boolean localOnly) {
        return new Option<>(key, type, convert, description, defaultValue, defaultText, min, max, allowed, format,
                formatText, unit, secret, required, localOnly);
    }

    // ---- factories

    public static Option<String> string(String key, String defaultValue, String description) {
        return new Option<>(key, Type.STRING, String.class::cast, description, defaultValue, null, null, null, List.of(),
                null, null, null, false, false, false);
    }

    public static Option<Boolean> bool(String key, boolean defaultValue, String description) {
        return new Option<>(key, Type.BOOLEAN, Boolean.class::cast, description, defaultValue, null, null, null,
                List.of("true", "false"), null, null, null, false, false, false);
    }

    public static Option<Integer> integer(String key, int defaultValue, int min, int max, String description) {
        return new Option<>(key, Type.INT, Integer.class::cast, description, defaultValue, null, min, max, List.of(),
                null, null, null, false, false, false);
    }

    public static Option<Long> longValue(String key, long defaultValue, long min, long max, String description) {
        return new Option<>(key, Type.LONG, Long.class::cast, description, defaultValue, null, min, max, List.of(),
                null, null, null, false, false, false);
    }

    /** A duration: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 7d} or ISO-8601 ({@code PT5S}). */
    public static Option<Duration> duration(String key, Duration defaultValue, Duration min, Duration max,
                                            String description) {
        return new Option<>(key, Type.DURATION, Duration.class::cast, description, defaultValue, null, min, max,
                List.of(), null, null, null, false, false, false);
    }

    /** A size in bytes: a plain number, or with a binary unit ({@code 512KiB}, {@code 8MiB}, {@code 1GiB}; k/m/g too). */
    public static Option<Long> size(String key, long defaultBytes, long minBytes, long maxBytes, String description) {
        return new Option<>(key, Type.SIZE, Long.class::cast, description, defaultBytes, null, minBytes, maxBytes,
                List.of(), null, null, "bytes", false, false, false);
    }

    /** One of an enum's constants, written in any case ({@code allow} or {@code ALLOW}; dashes for underscores). */
    public static <E extends Enum<E>> Option<E> enumValue(String key, Class<E> type, E defaultValue, String description) {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name());
        }
        return new Option<>(key, Type.ENUM, value -> Enum.valueOf(type, (String) value), description, defaultValue,
                null, null, null, names, null, null, null, false, false, false);
    }

    /** One of fixed words (compared ignoring case; read as the declared spelling). */
    public static Option<String> oneOf(String key, String defaultValue, List<String> allowed, String description) {
        return new Option<>(key, Type.ENUM, String.class::cast, description, defaultValue, null, null, null, allowed,
                null, null, null, false, false, false);
    }

    // ---- refinements (each returns a new declaration)

    /** The default as documented when the code computes it (e.g. "the service name without bi-"). */
    public Option<T> defaultText(String text) {
        return copy(defaultValue, text, min, max, format, formatText, unit, secret, required, localOnly);
    }

    /** A string value must match {@code regex} entirely; {@code human} names the shape in errors and docs. */
    public Option<T> format(String regex, String human) {
        return copy(defaultValue, defaultText, min, max, Pattern.compile(regex), human, unit, secret, required, localOnly);
    }

    public Option<T> unit(String unit) {
        return copy(defaultValue, defaultText, min, max, format, formatText, unit, secret, required, localOnly);
    }

    /** Never printed: errors, logs and the reference show {@code ***} instead of the value. */
    public Option<T> secret() {
        return copy(defaultValue, defaultText, min, max, format, formatText, unit, true, required, localOnly);
    }

    public Option<T> required() {
        return copy(defaultValue, defaultText, min, max, format, formatText, unit, secret, true, localOnly);
    }

    /** Only the local layers (environment, files) may set it; a Nacos push setting it is refused. */
    public Option<T> localOnly() {
        return copy(defaultValue, defaultText, min, max, format, formatText, unit, secret, required, true);
    }

    /** Last refinement: the option applies without a restart and may be read live. */
    public ReloadableOption<T> reloadable() {
        return new ReloadableOption<>(this);
    }

    /** The concrete option of a family: {@code bi.peers.<peer>.address}.at("analysis") → {@code bi.peers.analysis.address}. */
    public Option<T> at(String name) {
        if (!isFamily()) {
            throw new IllegalStateException(key + " has no <name> placeholder");
        }
        Option<T> concrete = new Option<>(PLACEHOLDER.matcher(key).replaceFirst(name), type, convert, description,
                defaultValue, defaultText, min, max, allowed, format, formatText, unit, secret, required, localOnly);
        return isReloadable() ? concrete.reloadable() : concrete;
    }

    // ---- reading

    /** The configured value, or the default; {@link InvalidConfigException} naming key, value and rule when bad. */
    public T get(Settings settings) {
        Optional<T> value = optional(settings);
        if (value.isPresent()) {
            return value.get();
        }
        if (required) {
            throw new InvalidConfigException(key, "is required" + (description.isEmpty() ? "" : " (" + description + ")"));
        }
        if (defaultValue == null) {
            throw new IllegalStateException(key + " has no default: read it with optional()");
        }
        return defaultValue;
    }

    /** The configured value when set (and valid), without the default. */
    public Optional<T> optional(Settings settings) {
        if (isFamily()) {
            throw new IllegalStateException(key + " names a family of keys: read at(name)");
        }
        return settings.optionalString(key).map(this::parse);
    }

    /** Parses and validates a raw value (as written in configuration) or throws {@link InvalidConfigException}. */
    public T parse(String raw) {
        return convert.apply(check(raw));
    }

    /** Validates a raw value and returns its canonical base value (String, Boolean, Integer, Long, Duration). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object check(String raw) {
        String text = raw.trim();
        Object value = switch (type) {
            case STRING -> text;
            case BOOLEAN -> switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> Boolean.TRUE;
                case "false", "no", "off", "0" -> Boolean.FALSE;
                default -> throw invalid(text, "must be true or false");
            };
            case INT -> {
                try {
                    yield Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    throw invalid(text, "must be an integer");
                }
            }
            case LONG -> {
                try {
                    yield Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw invalid(text, "must be an integer");
                }
            }
            case DURATION -> parseDuration(text);
            case SIZE -> parseSize(text);
            case ENUM -> allowed.stream()
                    .filter(a -> a.equalsIgnoreCase(text) || a.equalsIgnoreCase(text.replace('-', '_')))
                    .findFirst()
                    .orElseThrow(() -> invalid(text, "must be one of " + allowedText()));
        };
        if (min != null && ((Comparable) value).compareTo(min) < 0 || max != null && ((Comparable) value).compareTo(max) > 0) {
            throw new InvalidConfigException(key, "must be " + rangeText() + "; got " + (secret ? "***" : text));
        }
        if (format != null && !format.matcher(text).matches()) {
            throw invalid(text, "must be " + formatText);
        }
        return value;
    }

    private InvalidConfigException invalid(String text, String rule) {
        return new InvalidConfigException(key, rule + "; got " + (secret ? "***" : "'" + text + "'"));
    }

    private Duration parseDuration(String text) {
        String value = text.toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("p")) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).trim()));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1).trim());
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException | ArithmeticException e) {
            throw invalid(text, "must be a duration such as 500ms, 5s, 2m, 1h, 7d or PT5S");
        }
    }

    private long parseSize(String text) {
        String value = text.toLowerCase(Locale.ROOT).replace(" ", "");
        long factor = 1;
        for (String[] unit : new String[][] {{"gib", "30"}, {"mib", "20"}, {"kib", "10"}, {"g", "30"}, {"m", "20"},
                {"k", "10"}, {"b", "0"}}) {
            if (value.endsWith(unit[0])) {
                factor = 1L << Integer.parseInt(unit[1]);
                value = value.substring(0, value.length() - unit[0].length());
                break;
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(value), factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid(text, "must be a size in bytes such as 1048576, 512KiB or 8MiB");
        }
    }

    // ---- description (catalog, docs)

    public String key() {
        return key;
    }

    public Type type() {
        return type;
    }

    public String description() {
        return description;
    }

    public boolean isSecret() {
        return secret;
    }

    public boolean isRequired() {
        return required;
    }

    public boolean isLocalOnly() {
        return localOnly;
    }

    public boolean isReloadable() {
        return false;
    }

    /** True for a family of keys ({@code bi.peers.<peer>.timeout}). */
    public boolean isFamily() {
        return PLACEHOLDER.matcher(key).find();
    }

    /** Whether a concrete key is this option (or one of its family). */
    public boolean matches(String concreteKey) {
        if (!isFamily()) {
            return key.equals(concreteKey);
        }
        String[] parts = PLACEHOLDER.split(key, -1);
        return concreteKey.length() > parts[0].length() + parts[1].length()
                && concreteKey.startsWith(parts[0]) && concreteKey.endsWith(parts[1])
                && concreteKey.substring(parts[0].length(), concreteKey.length() - parts[1].length())
                        .matches("[a-z0-9]+([.-][a-z0-9]+)*");
    }

    /** The option a matching concrete key reads: itself, or for a family the member for that key (errors name it). */
    public Option<T> forKey(String concreteKey) {
        if (!matches(concreteKey)) {
            throw new IllegalArgumentException(concreteKey + " is not " + key);
        }
        if (!isFamily()) {
            return this;
        }
        String[] parts = PLACEHOLDER.split(key, -1);
        return at(concreteKey.substring(parts[0].length(), concreteKey.length() - parts[1].length()));
    }

    /** The environment variable that sets the key ({@code bi.db.url} → {@code BI_DB_URL}). */
    public String envName() {
        return Settings.envName(key);
    }

    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** The default as written in configuration (or as documented when computed); empty when there is none. */
    public String defaultText() {
        if (defaultText != null) {
            return defaultText;
        }
        if (defaultValue == null) {
            return "";
        }
        return secret ? "***" : text(defaultValue instanceof Enum<?> e ? e.name() : defaultValue);
    }

    public String unit() {
        return unit != null ? unit : type == Type.DURATION ? "duration" : "";
    }

    public List<String> allowed() {
        return type == Type.ENUM ? allowed : List.of();
    }

    public Optional<String> minText() {
        return Optional.ofNullable(min).map(this::text);
    }

    public Optional<String> maxText() {
        return Optional.ofNullable(max).map(this::text);
    }

    public Optional<String> formatText() {
        return Optional.ofNullable(formatText);
    }

    Optional<String> formatRegex() {
        return Optional.ofNullable(format).map(Pattern::pattern);
    }

    /** The rule in words: {@code between 1 and 200}, {@code one of A, B}, {@code true or false}. */
    public String rule() {
        List<String> parts = new ArrayList<>();
        if (min != null || max != null) {
            parts.add(rangeText());
        }
        if (type == Type.ENUM) {
            parts.add("one of " + allowedText());
        }
        if (formatText != null) {
            parts.add(formatText);
        }
        return String.join("; ", parts);
    }

    private String rangeText() {
        if (min != null && max != null) {
            return "between " + text(min) + " and " + text(max);
        }
        return min != null ? "at least " + text(min) : "at most " + text(max);
    }

    private String allowedText() {
        return String.join(", ", allowed);
    }

    /** A value as it would be written in configuration: durations as {@code 15s}/{@code 5m}, sizes in bytes. */
    String text(Object value) {
        if (value instanceof Duration d) {
            return durationText(d);
        }
        return String.valueOf(value);
    }

    static String durationText(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        long ms = d.toMillis();
        if (!d.equals(Duration.ofMillis(ms))) {
            return d.toString();
        }
        long[][] units = {{86_400_000, 'd'}, {3_600_000, 'h'}, {60_000, 'm'}, {1000, 's'}};
        for (long[] unit : units) {
            if (ms % unit[0] == 0) {
                return ms / unit[0] + String.valueOf((char) unit[1]);
            }
        }
        return ms + "ms";
    }

    @Override
    public String toString() {
        return key;
    }
}
