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

/** The schemas bi-ops backs up are the ones the services use: every module's bi.db.schema, none missing, none extra. */
class ServicesTest {
    @Test
    void everyServiceSchemaIsBackedUp() throws Exception {
        Map<String, String> fromModules = new LinkedHashMap<>();
        Pattern schema = Pattern.compile("(?m)^  db:\\s*\\n(?:    .*\\n)*?    schema:\\s*(\\S+)");
        try (Stream<Path> modules = Files.list(OpsProcess.ROOT.resolve("modules"))) {
            for (Path m : modules.sorted().toList()) {
                Path app = m.resolve("src/main/resources/application.yaml");
                if (Files.isRegularFile(app)) {
                    Matcher matcher = schema.matcher(Files.readString(app));
                    if (matcher.find()) {
                        fromModules.put(m.getFileName().toString(), matcher.group(1));
                    }
                }
            }
        }
        assertEquals(new java.util.TreeMap<>(fromModules), new java.util.TreeMap<>(Services.schemas()));
    }
}
