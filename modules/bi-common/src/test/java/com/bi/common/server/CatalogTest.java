package com.bi.common.server;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bi.common.config.ConfigLoader;
import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.ServerOptions;
import com.bi.common.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service catalog file is the one place ports and prefixes are written: the README's table is generated from it,
 * every image exposes its ports, no module restates them, and a bad line is refused naming it. (The chart is held
 * equal to it by charts/tests, which read the same file.)
 */
class CatalogTest {
    /** The repository, from this module's directory (where surefire runs). */
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final String MARKER = "<!-- generated from modules/bi-common/src/main/resources/catalog/services.catalog";

    @Test
    void readmeServiceTableIsGeneratedFromTheCatalog() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        int marker = readme.indexOf(MARKER);
        assertTrue(marker >= 0, "README.md lost the marker line of the generated service table: " + MARKER);
        int start = readme.indexOf('\n', marker) + 1;
        int end = readme.indexOf("\n\n", start);
        String expected = Catalog.markdownTable(Catalog.all());
        assertEquals(expected, readme.substring(start, end + 1),
                "README.md's service table is stale; replace it below the marker with:\n" + expected);
    }

    @Test
    void builtServicesHaveAModuleAndAnImageExposingTheirPortsAndPlannedOnesHaveNone() throws IOException {
        for (Catalog service : Catalog.all()) {
            Path module = ROOT.resolve("modules").resolve(service.serviceName());
            assertEquals(service.built(), Files.exists(module.resolve("pom.xml")),
                    service.serviceName() + ": state " + (service.built() ? "built" : "planned") + " in the catalog");
            if (service.built() && service.hasPorts()) {
                String dockerfile = Files.readString(module.resolve("Dockerfile"), StandardCharsets.UTF_8);
                assertThat(service.serviceName(), dockerfile, containsString(
                        "\nEXPOSE " + service.httpPort() + " " + service.grpcPort() + "\n"));
            } else if (service.built()) {
                // a job (bi-cron) listens on nothing
                String dockerfile = Files.readString(module.resolve("Dockerfile"), StandardCharsets.UTF_8);
                assertFalse(dockerfile.contains("\nEXPOSE "), service.serviceName() + " exposes a port");
            }
        }
    }

    @Test
    void noModuleRestatesItsPortsInItsDefaults() throws IOException {
        Pattern port = Pattern.compile("(?m)^server:\\s*\\n\\s+port:|^\\s+grpc:\\s*\\n\\s+port:");
        for (Catalog service : Catalog.all()) {
            Path defaults = ROOT.resolve("modules").resolve(service.serviceName()).resolve("src/main/resources/application.yaml");
            if (Files.exists(defaults)) {
                Matcher m = port.matcher(Files.readString(defaults, StandardCharsets.UTF_8));
                assertFalse(m.find(), defaults + " sets a port; the catalog's is the default");
            }
        }
    }

    @Test
    void theKitKnowsThePlatform() {
        assertThat(Catalog.of("bi-basic").httpPort(), is(8003));
        assertThat(Catalog.BI_TENANT.grpcPort(), is(9002));
        assertThat(Catalog.of("bi-analysis").apiPrefix(), is("/api/analysis/v1/"));
        assertFalse(Catalog.of("bi-cron").hasPorts());
        assertTrue(Catalog.of("bi-chat").built());
        assertThrows(IllegalArgumentException.class, () -> Catalog.of("bi-nope"));
    }

    @Test
    void aServiceListensOnItsCatalogPortsUnlessConfigured() {
        Settings unset = new Settings(ConfigLoader.load(Map.of(), Map.of()));
        assertThat(ServerOptions.httpPort(unset, "bi-basic"), is(8003));
        assertThat(ServerOptions.grpcPort(unset, "bi-tenant"), is(9002));
        // a name the catalog does not list (a test service): the declared defaults
        assertThat(ServerOptions.httpPort(unset, "bi-test-only"), is(8080));
        assertThat(ServerOptions.grpcPort(unset, "bi-test-only"), is(9090));

        Settings set = new Settings(ConfigLoader.load(Map.of("server.port", "18003", "bi.grpc.port", "0"), Map.of()));
        assertThat(ServerOptions.httpPort(set, "bi-basic"), is(18003));
        assertThat(ServerOptions.grpcPort(set, "bi-basic"), is(0));
        Settings bad = new Settings(ConfigLoader.load(Map.of("server.port", "70000"), Map.of()));
        assertThat(assertThrows(InvalidConfigException.class, () -> ServerOptions.httpPort(bad, "bi-basic")).getMessage(),
                containsString("server.port"));
    }

    private static List<Catalog> parse(String text) throws IOException {
        return Catalog.parse(new StringReader(text));
    }

    @Test
    void aGoodLineParses() throws IOException {
        List<Catalog> entries = parse("# comment\n\nbi-foo  8011 9011 /api/foo/v1/ built   foos, and bars  \nbi-job - - - planned a job\n");
        assertThat(entries.size(), is(2));
        assertThat(entries.get(0), is(new Catalog("bi-foo", 8011, 9011, "/api/foo/v1/", true, "foos, and bars")));
        assertThat(entries.get(1).hasPorts(), is(false));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "bi-foo 8011 9011 /api/foo/v1/ built",                              // no description
            "foo 8011 9011 /api/foo/v1/ built x",                               // not bi-
            "bi-Foo 8011 9011 /api/foo/v1/ built x",                            // upper case
            "bi-foo 8011 9011 /api/foo/v1/ built x\nbi-foo 8012 9012 /api/fo/v1/ built x",  // name twice
            "bi-foo 8011 9011 /api/foo/v1/ built x\nbi-bar 8011 9012 /api/bar/v1/ built x", // port twice
            "bi-foo 8011 8011 /api/foo/v1/ built x",                            // http = grpc
            "bi-foo 8011 9011 /api/foo/v1/ built x\nbi-bar 8012 9012 /api/foo/v1/ built x", // prefix twice
            "bi-foo 80 9011 /api/foo/v1/ built x",                              // privileged port
            "bi-foo 8011 70000 /api/foo/v1/ built x",                           // no such port
            "bi-foo 8O11 9011 /api/foo/v1/ built x",                            // letter O
            "bi-foo 8011 9011 /api/foo/ built x",                               // no version
            "bi-foo 8011 9011 api/foo/v1 built x",                              // not a path
            "bi-foo 8011 9011 /api/foo/v1/ ready x",                            // unknown state
            "bi-foo - 9011 /api/foo/v1/ planned x",                             // half a job
            "bi-foo - - /api/foo/v1/ planned x"})                               // a job with a prefix
    void aBadLineIsRefusedNamingIt(String text) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> parse(text));
        assertThat(e.getMessage(), containsString("services.catalog line "));
    }
}
