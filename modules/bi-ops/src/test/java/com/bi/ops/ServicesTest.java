package com.bi.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The schemas bi-ops backs up are the ones the deployed services use: every service module with migrations, by its
 * bi.db.schema or the kit's default for it, none missing, none extra.
 */
class ServicesTest {
    @Test
    void everyServiceSchemaIsBackedUp() throws Exception {
        Map<String, String> fromModules = new LinkedHashMap<>();
        Pattern schema = Pattern.compile("(?m)^  db:\\s*\\n(?:    .*\\n)*?    schema:\\s*(\\S+)");
        try (Stream<Path> modules = Files.list(OpsProcess.ROOT.resolve("modules"))) {
            for (Path m : modules.sorted().toList()) {
                String name = m.getFileName().toString();
                if (!Services.names().contains(name) || !Files.isDirectory(m.resolve("src/main/resources/db/migration"))) {
                    continue; // not a deployed service (bi-cron's jobs, libraries, tests) or no database
                }
                Path app = m.resolve("src/main/resources/application.yaml");
                Matcher matcher = schema.matcher(Files.isRegularFile(app) ? Files.readString(app) : "");
                // DatabaseOptions: the schema defaults to the service's name without bi-, '-' as '_'
                fromModules.put(name, matcher.find() ? matcher.group(1) : name.replaceFirst("^bi-", "").replace('-', '_'));
            }
        }
        assertEquals(11, Services.names().size(), "the catalog's eleven services");
        assertEquals(new java.util.TreeMap<>(fromModules), new java.util.TreeMap<>(Services.schemas()));
    }
}
