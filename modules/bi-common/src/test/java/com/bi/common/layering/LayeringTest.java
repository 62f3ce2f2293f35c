package com.bi.common.layering;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/**
 * The layering every service keeps (api → domain ← data), checked over the sources of every module next to this one:
 * a class in a {@code domain} package imports neither Helidon nor anything in a {@code data} or {@code api} package
 * (nor names such a type fully qualified), nor a kit type that is itself on the web side (one that imports Helidon, such as
 * {@code com.bi.common.web.Callers}), and a class in a {@code data} package nothing in an {@code api} package.
 * Read from the sources rather than the bytecode so that the check needs nothing built and no library.
 */
class LayeringTest {
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** A fully qualified reference in code: {@code io.helidon.x.Y} or {@code com.bi.something.data.Z}. */
    private static final Pattern QUALIFIED = Pattern.compile("\\b((?:io\\.helidon|com\\.bi)(?:\\.\\w+)+)");

    /** What one class may not depend on, by the layer of its package. */
    static List<String> violations(String packageName, String source) {
        return violations(packageName, source, Set.of());
    }

    /** As above; {@code kitWebTypes} are the kit's types that use Helidon, which a domain may not use either. */
    static List<String> violations(String packageName, String source, Set<String> kitWebTypes) {
        Set<String> layers = layers(packageName);
        List<String> out = new ArrayList<>();
        if (!layers.contains("domain") && !layers.contains("data")) {
            return out;
        }
        Set<String> referenced = new TreeSet<>();
        Matcher imports = IMPORT.matcher(source);
        while (imports.find()) {
            referenced.add(imports.group(1));
        }
        Matcher qualified = QUALIFIED.matcher(code(source));
        while (qualified.find()) {
            referenced.add(qualified.group(1));
        }
        for (String name : referenced) {
            Set<String> target = layers(name);
            if (layers.contains("domain") && name.startsWith("io.helidon.")) {
                out.add("domain uses Helidon: " + name);
            } else if (layers.contains("domain") && kitWebTypes.contains(name)) {
                out.add("domain uses a kit type on the web side: " + name);
            } else if (layers.contains("domain") && name.startsWith("com.bi.") && target.contains("data")) {
                out.add("domain uses the data layer: " + name);
            } else if (name.startsWith("com.bi.") && target.contains("api")) {
                out.add((layers.contains("domain") ? "domain" : "data") + " uses the api layer: " + name);
            }
        }
        return out;
    }

    /** The layer names among a package's (or a qualified name's) segments. */
    private static Set<String> layers(String name) {
        Set<String> out = new TreeSet<>();
        for (String segment : name.split("\\.")) {
            if (segment.equals("domain") || segment.equals("data") || segment.equals("api")) {
                out.add(segment);
            }
        }
        return out;
    }

    /** The source without comments, imports and the package line: only code can hold a qualified reference. */
    private static String code(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ")
                .replaceAll("(?m)^(import|package)\\s[^\n]*", " ");
    }

    /** The kit's types whose source imports Helidon: {@code com.bi.common.web.Callers} … */
    static Set<String> kitWebTypes(Path kitSources) throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.walk(kitSources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (Files.readString(file).contains("import io.helidon.")) {
                    String relative = kitSources.relativize(file).toString();
                    out.add(relative.substring(0, relative.length() - ".java".length()).replace(file.getFileSystem().getSeparator(), "."));
                }
            }
        }
        return out;
    }

    @Test
    void everyServiceKeepsItsLayers() throws IOException {
        Path modules = Path.of("..").toAbsolutePath().normalize();
        Set<String> kitWebTypes = kitWebTypes(modules.resolve("bi-common/src/main/java"));
        // the web helpers are among them, the shared records a domain uses are not
        assertThat(kitWebTypes, hasItem("com.bi.common.web.Callers"));
        assertThat(kitWebTypes.contains("com.bi.common.security.Caller"), is(false));
        List<String> found = new ArrayList<>();
        Set<String> checkedDomains = new TreeSet<>();
        try (Stream<Path> modulesDirs = Files.list(modules)) {
            for (Path module : modulesDirs.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList()) {
                Path root = module.resolve("src/main/java");
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        String packageName = root.relativize(file.getParent()).toString().replace(file.getFileSystem().getSeparator(), ".");
                        if (layers(packageName).contains("domain")) {
                            checkedDomains.add(module.getFileName() + ":" + packageName);
                        }
                        for (String violation : violations(packageName, Files.readString(file), kitWebTypes)) {
                            found.add(modules.relativize(file) + ": " + violation);
                        }
                    }
                }
            }
        }
        // the six services' domain packages were found (a wrong path must not pass as "no violations")
        assertThat(checkedDomains.toString(), checkedDomains.size(), greaterThanOrEqualTo(6));
        assertThat(String.join("\n", found), found, is(empty()));
    }

    @Test
    void theCheckFindsEachKindOfViolation() {
        assertThat(violations("com.bi.x.domain", "package com.bi.x.domain;\nimport io.helidon.webserver.http.ServerRequest;\n"),
                contains("domain uses Helidon: io.helidon.webserver.http.ServerRequest"));
        assertThat(violations("com.bi.x.domain", "package com.bi.x.domain;\nimport com.bi.x.data.JdbcThings;\n"),
                contains("domain uses the data layer: com.bi.x.data.JdbcThings"));
        assertThat(violations("com.bi.x.domain", "package com.bi.x.domain;\nimport com.bi.common.data.Jdbc;\n"),
                contains("domain uses the data layer: com.bi.common.data.Jdbc"));
        assertThat(violations("com.bi.x.domain", "package com.bi.x.domain;\nclass A { com.bi.x.api.Routes r; }\n"),
                contains("domain uses the api layer: com.bi.x.api.Routes"));
        assertThat(violations("com.bi.x.domain", "class A { io.helidon.http.Status s; }\n"),
                hasItem("domain uses Helidon: io.helidon.http.Status"));
        assertThat(violations("com.bi.x.data", "package com.bi.x.data;\nimport com.bi.x.api.Dto;\n"),
                contains("data uses the api layer: com.bi.x.api.Dto"));
        assertThat(violations("com.bi.x.domain", "import com.bi.common.web.Callers;\n", Set.of("com.bi.common.web.Callers")),
                contains("domain uses a kit type on the web side: com.bi.common.web.Callers"));
        // what is allowed: data may use Helidon and the domain; api anything; a comment names no dependency
        assertThat(violations("com.bi.x.data", "import io.helidon.config.Config;\nimport com.bi.x.domain.Thing;\n"), is(empty()));
        assertThat(violations("com.bi.x.api", "import com.bi.x.data.JdbcThings;\n"), is(empty()));
        assertThat(violations("com.bi.x.domain", "/** not {@link io.helidon.http.Status} */\nclass A { }\n"), is(empty()));
    }
}
