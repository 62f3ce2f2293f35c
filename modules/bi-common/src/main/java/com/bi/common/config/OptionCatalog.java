package com.bi.common.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Every option a process may read, by group; each key declared once (a second declaration of a key is refused).
 * A service's own groups are written to {@code META-INF/bi-options/<service>.json} in its jar (generated from its
 * {@code XxxOptions} declarations, checked by its {@code OptionsDeclarationTest}), so Nacos push validation and
 * the CLI know the service's rules without loading the service; {@link KitOptions#CATALOG} adds the kit's.
 */
public record OptionCatalog(String service, List<OptionGroup> groups) {
    public static final String RESOURCE_DIR = "META-INF/bi-options/";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public OptionCatalog {
        groups = List.copyOf(groups);
        Map<String, String> seen = new HashMap<>();
        for (OptionGroup group : groups) {
            for (Option<?> option : group.options()) {
                String before = seen.put(option.key(), group.name());
                if (before != null) {
                    throw new IllegalArgumentException(option.key() + " is declared twice (" + before + ", " + group.name() + ")");
                }
            }
        }
    }

    public static OptionCatalog of(String service, OptionGroup... groups) {
        return new OptionCatalog(service, List.of(groups));
    }

    /** The resource a service's catalog is packaged as. */
    public static String resource(String service) {
        return RESOURCE_DIR + service + ".json";
    }

    /** This catalog followed by {@code other}'s groups (e.g. the kit's with a service's). */
    public OptionCatalog plus(OptionCatalog other) {
        List<OptionGroup> all = new ArrayList<>(groups);
        all.addAll(other.groups);
        return new OptionCatalog(service, all);
    }

    public List<Option<?>> options() {
        return groups.stream().flatMap(g -> g.options().stream()).toList();
    }

    /** The option a concrete key is: declared exactly, or a member of a declared family. */
    public Optional<Option<?>> find(String key) {
        List<Option<?>> all = options();
        return all.stream().filter(o -> !o.isFamily() && o.key().equals(key)).findFirst()
                .or(() -> all.stream().filter(o -> o.isFamily() && o.matches(key)).findFirst());
    }

    /** Reads every option once: the first bad value stops the start naming key, value and rule. */
    public void validate(Settings settings) {
        for (OptionGroup group : groups) {
            group.validate(settings);
        }
        Map<String, String> flat = settings.root().asMap().orElse(Map.of());
        for (Option<?> family : options()) {
            if (family.isFamily()) {
                flat.forEach((key, value) -> {
                    if (family.matches(key) && !value.isBlank()) {
                        family.forKey(key).check(value);
                    }
                });
            }
        }
    }

    // ---- JSON (the packaged catalog)

    public String toJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("service", service);
        List<Object> groupList = new ArrayList<>();
        for (OptionGroup group : groups) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("name", group.name());
            g.put("title", group.title());
            List<Object> options = new ArrayList<>();
            for (Option<?> o : group.options()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("key", o.key());
                m.put("env", o.envName());
                m.put("type", o.type().id());
                putIf(m, "default", o.defaultText());
                o.minText().ifPresent(v -> m.put("min", v));
                o.maxText().ifPresent(v -> m.put("max", v));
                if (!o.allowed().isEmpty()) {
                    m.put("allowed", o.allowed());
                }
                o.formatRegex().ifPresent(v -> m.put("format", v));
                o.formatText().ifPresent(v -> m.put("formatText", v));
                putIf(m, "unit", o.unit == null ? "" : o.unit);
                putFlag(m, "reloadable", o.isReloadable());
                putFlag(m, "secret", o.isSecret());
                putFlag(m, "required", o.isRequired());
                putFlag(m, "localOnly", o.isLocalOnly());
                m.put("description", o.description());
                options.add(m);
            }
            g.put("options", options);
            groupList.add(g);
        }
        doc.put("groups", groupList);
        try {
            return JSON.writeValueAsString(doc).replace("\r\n", "\n") + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putIf(Map<String, Object> m, String name, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(name, value);
        }
    }

    private static void putFlag(Map<String, Object> m, String name, boolean value) {
        if (value) {
            m.put(name, true);
        }
    }

    /** A catalog read back from its JSON: the options validate raw values exactly like the declarations. */
    @SuppressWarnings("unchecked")
    public static OptionCatalog fromJson(String json) {
        Map<String, Object> doc;
        try {
            doc = JSON.readValue(json, new TypeReference<>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException("not an option catalog: " + e.getMessage(), e);
        }
        List<OptionGroup> groups = new ArrayList<>();
        for (Map<String, Object> g : (List<Map<String, Object>>) doc.get("groups")) {
            List<Option<?>> options = new ArrayList<>();
            for (Map<String, Object> m : (List<Map<String, Object>>) g.get("options")) {
                options.add(described(m));
            }
            groups.add(new OptionGroup((String) g.get("name"), (String) g.get("title"), options));
        }
        return new OptionCatalog((String) doc.get("service"), groups);
    }

    @SuppressWarnings("unchecked")
    private static Option<?> described(Map<String, Object> m) {
        String key = (String) m.get("key");
        Option.Type type = Option.Type.valueOf(((String) m.get("type")).toUpperCase(java.util.Locale.ROOT));
        List<String> allowed = (List<String>) m.getOrDefault("allowed", List.of());
        String formatRegex = (String) m.get("format");
        // parse the bounds with an unbounded option of the same type, so they compare like declared ones
        Option<Object> plain = new Option<>(key, type, Function.identity(), "", null, null, null, null, allowed,
                null, null, null, false, false, false);
        Comparable<?> min = m.containsKey("min") ? (Comparable<?>) plain.check((String) m.get("min")) : null;
        Comparable<?> max = m.containsKey("max") ? (Comparable<?>) plain.check((String) m.get("max")) : null;
        Option<Object> option = new Option<>(key, type, Function.identity(), (String) m.get("description"), null,
                (String) m.get("default"), min, max, allowed,
                formatRegex == null ? null : Pattern.compile(formatRegex), (String) m.get("formatText"),
                (String) m.get("unit"), Boolean.TRUE.equals(m.get("secret")), Boolean.TRUE.equals(m.get("required")),
                Boolean.TRUE.equals(m.get("localOnly")));
        return Boolean.TRUE.equals(m.get("reloadable")) ? option.reloadable() : option;
    }

    /** The catalog packaged for {@code service} on the class path, if any. */
    public static Optional<OptionCatalog> load(String service, ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(resource(service))) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
