package com.bi.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The values reference of charts/README.md is generated from the charts' "## @param" lines. The test fails when
 * the README is stale; regenerate with: ./mvnw -f charts/tests/pom.xml test -Dtest=ValuesReferenceTest -Dvalues.reference.write=true
 * (plus the -Dhelm.bin/-Dchart.dir that ci/charts.sh passes, or run ci/charts.sh once first).
 */
class ValuesReferenceTest {
    static final String BEGIN = "<!-- values-reference:begin (generated from the ## @param lines by ValuesReferenceTest; do not edit) -->";
    static final String END = "<!-- values-reference:end -->";

    static String generate() throws IOException {
        StringBuilder out = new StringBuilder();
        for (String chart : List.of("bi-platform", "bi-service", "bi-cron")) {
            out.append("\n### `").append(chart).append("/values.yaml`\n\n| value | description |\n|---|---|\n");
            for (String line : Files.readAllLines(Helm.SOURCE.resolve(chart + "/values.yaml"))) {
                String t = line.trim();
                if (t.startsWith("## @section ")) {
                    out.append("| **").append(t.substring("## @section ".length()).replace("|", "\\|")).append("** | |\n");
                } else if (t.startsWith("## @param ")) {
                    String[] p = t.substring("## @param ".length()).split("\\s+", 2);
                    out.append("| `").append(p[0]).append("` | ").append(p.length > 1 ? p[1].replace("|", "\\|").replace("<", "\\<") : "").append(" |\n");
                }
            }
        }
        return out.append('\n').toString();
    }

    @Test
    void valuesReferenceInTheReadmeIsGeneratedFromTheParamLines() throws IOException {
        Path readme = Helm.SOURCE.resolve("README.md");
        String text = Files.readString(readme);
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        assertTrue(b >= 0 && e > b, "README.md has the generated values reference between its markers");
        String current = text.substring(b + BEGIN.length(), e);
        String generated = generate();
        if (Boolean.getBoolean("values.reference.write") && !current.equals(generated)) {
            Files.writeString(readme, text.substring(0, b + BEGIN.length()) + generated + text.substring(e));
            current = generated;
        }
        assertEquals(generated, current, "charts/README.md's values reference is stale: regenerate it (see ValuesReferenceTest)");
    }
}
