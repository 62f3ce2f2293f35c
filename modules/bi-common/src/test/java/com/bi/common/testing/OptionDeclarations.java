package com.bi.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.bi.common.config.OptionCatalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks that a module's option declarations are complete and packaged: every configuration key its code names is
 * declared, and its catalog resource ({@code META-INF/bi-options/<service>.json}) is the one its declarations
 * generate. Regenerate the resource with {@code -Dconfig.reference.write=true}. Run from the module's directory
 * (Surefire's working directory).
 */
public final class OptionDeclarations {
    /** A string literal that is a whole configuration key: {@code "bi.db.url"}, {@code "server.port"}. */
    private static final Pattern KEY_LITERAL = Pattern.compile(
            "\"((?:bi|server|kafka|otel|pod|deploy|nacos)\\.[a-z0-9]+(?:[.-][a-z0-9]+)*)\"");
    /** Lines naming metrics, gRPC attributes or system properties, whose names look like keys but are not read from configuration. */
    private static final Pattern NOT_CONFIG = Pattern.compile("\\.builder\\(|counter\\(|gauge\\(|timer\\(|System\\.setProperty|Key\\.(create|of)\\(");

    private OptionDeclarations() {
    }

    /** Every key literal in {@code src/main/java} outside {@code *Options.java} that {@code readable} does not declare. */
    public static List<String> undeclaredKeys(OptionCatalog readable) {
        return undeclaredKeys(Path.of("src/main/java"), readable);
    }

    /** As {@link #undeclaredKeys(OptionCatalog)}, under {@code root}. */
    public static List<String> undeclaredKeys(Path root, OptionCatalog readable) {
        List<String> undeclared = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                if (file.getFileName().toString().endsWith("Options.java")) {
                    continue; // the declarations themselves
                }
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (NOT_CONFIG.matcher(line).find()) {
                        continue;
                    }
                    Matcher m = KEY_LITERAL.matcher(line);
                    while (m.find()) {
                        if (readable.find(m.group(1)).isEmpty()) {
                            undeclared.add(file + ":" + (i + 1) + ": " + m.group(1));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return undeclared;
    }

    public static void assertEveryKeyDeclared(OptionCatalog readable) {
        List<String> undeclared = undeclaredKeys(readable);
        assertTrue(undeclared.isEmpty(), "configuration keys read but not declared in an XxxOptions class:\n"
                + String.join("\n", undeclared));
    }

    /** The packaged catalog equals the declarations' JSON (written first with -Dconfig.reference.write=true). */
    public static void assertCatalogPackaged(OptionCatalog service) {
        Path file = Path.of("src/main/resources").resolve(OptionCatalog.resource(service.service()));
        String generated = service.toJson();
        try {
            String current = Files.isRegularFile(file) ? Files.readString(file) : "";
            if (Boolean.getBoolean("config.reference.write") && !current.equals(generated)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, generated);
                current = generated;
            }
            assertEquals(generated, current, file + " is stale: regenerate it with -Dconfig.reference.write=true");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The keys a catalog declares, sorted (for messages). */
    public static TreeSet<String> keys(OptionCatalog catalog) {
        TreeSet<String> keys = new TreeSet<>();
        catalog.options().forEach(o -> keys.add(o.key()));
        return keys;
    }
}
