package com.bi.nacos.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.bi.common.config.KitOptions;
import com.bi.common.config.Option;
import com.bi.common.config.OptionCatalog;
import com.bi.common.config.OptionGroup;
import com.bi.nacos.NacosOptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The configuration reference in README.md is generated from the option declarations: the kit's groups, Nacos's,
 * and every service's packaged catalog. The test fails when the README is stale; regenerate with
 * {@code ./mvnw -o -pl modules/bi-nacos-cli test -Dtest=ConfigReferenceTest -Dconfig.reference.write=true}
 * (after the services' OptionsDeclarationTest has regenerated their catalogs the same way).
 */
class ConfigReferenceTest {
    static final String BEGIN = "<!-- config-reference:begin (generated from the option declarations by ConfigReferenceTest; do not edit) -->";
    static final String END = "<!-- config-reference:end -->";
    static final Path README = Path.of("../../README.md");

    static String generate() throws IOException {
        // heading → group; a library's group read by several services (the order topic) is listed once, naming them
        Map<String, OptionGroup> groups = new LinkedHashMap<>();
        Map<String, List<String>> readers = new LinkedHashMap<>();
        for (OptionGroup group : KitOptions.CATALOG.groups()) {
            groups.put("Kit: " + group.title(), group);
        }
        groups.put("Kit: " + NacosOptions.GROUP.title(), NacosOptions.GROUP);
        try (Stream<Path> dirs = Files.list(Path.of(".."))) {
            for (Path dir : dirs.sorted().toList()) {
                Path folder = dir.resolve("src/main/resources/META-INF/bi-options");
                if (Files.isDirectory(folder)) {
                    try (Stream<Path> files = Files.list(folder)) {
                        for (Path file : files.sorted().toList()) {
                            OptionCatalog catalog = OptionCatalog.fromJson(Files.readString(file));
                            for (OptionGroup group : catalog.groups()) {
                                groups.putIfAbsent(group.title(), group);
                                readers.computeIfAbsent(group.title(), t -> new ArrayList<>()).add(catalog.service());
                            }
                        }
                    }
                }
            }
        }
        StringBuilder out = new StringBuilder("\n");
        for (Map.Entry<String, OptionGroup> entry : groups.entrySet()) {
            List<String> by = readers.getOrDefault(entry.getKey(), List.of());
            out.append("\n**").append(entry.getKey()).append("**")
                    .append(by.size() > 1 || by.size() == 1 && !by.get(0).equals(entry.getKey()) ? " (read by " + String.join(", ", by) + ")" : "")
                    .append("\n\n| key | env | default | values | description |\n|---|---|---|---|---|\n");
            for (Option<?> o : entry.getValue().options()) {
                String def = o.defaultText();
                out.append("| `").append(o.key()).append("` | `").append(o.envName()).append("` | ")
                        .append(def.isEmpty() ? "—" : "`" + cell(def) + "`").append(" | ").append(cell(values(o)))
                        .append(" | ").append(cell(o.description())).append(flags(o)).append(" |\n");
            }
        }
        return out.append('\n').toString();
    }

    private static String values(Option<?> o) {
        String type = switch (o.type()) {
            case STRING -> "text";
            case BOOLEAN -> "true/false";
            case INT, LONG -> "integer";
            case DURATION -> "duration";
            case SIZE -> "size (bytes, KiB, MiB, GiB)";
            case ENUM -> "";
        };
        String rule = o.rule();
        String unit = o.type() == Option.Type.SIZE || o.type() == Option.Type.DURATION || o.unit().isEmpty() ? "" : " " + o.unit();
        return (type + (type.isEmpty() || rule.isEmpty() ? "" : ", ") + rule + unit).trim();
    }

    private static String flags(Option<?> o) {
        List<String> flags = new ArrayList<>();
        if (o.isReloadable()) {
            flags.add("reloads live");
        }
        if (o.isSecret()) {
            flags.add("secret: never logged");
        }
        if (o.isRequired()) {
            flags.add("required");
        }
        if (o.isLocalOnly()) {
            flags.add("local layers only, refused from Nacos");
        }
        return flags.isEmpty() ? "" : " (" + String.join("; ", flags) + ")";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    @Test
    void configurationReferenceInTheReadmeIsGeneratedFromTheDeclarations() throws IOException {
        String text = Files.readString(README);
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        assertTrue(b >= 0 && e > b, "README.md has the generated configuration reference between its markers");
        String current = text.substring(b + BEGIN.length(), e);
        String generated = generate();
        if (Boolean.getBoolean("config.reference.write") && !current.equals(generated)) {
            Files.writeString(README, text.substring(0, b + BEGIN.length()) + generated + text.substring(e));
            current = generated;
        }
        assertEquals(generated, current, "README.md's configuration reference is stale: regenerate it (see ConfigReferenceTest)");
    }
}
