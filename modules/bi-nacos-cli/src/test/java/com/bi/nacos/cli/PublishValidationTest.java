package com.bi.nacos.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.bi.common.config.OptionCatalog;
import com.bi.nacos.config.ConfigValidator;
import com.bi.nacos.config.RejectedConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code publish} validates each file with its service's real rules: the catalogs the services' declarations
 * generate, packaged into this CLI. Where the old suffix guess and the code disagreed, the code's rule now decides.
 */
class PublishValidationTest {
    private static ConfigValidator validator(String service, List<String> warnings) {
        return new ConfigValidator(service, null, OptionCatalog.load(service, PublishValidationTest.class.getClassLoader()),
                warnings::add);
    }

    private static String refusal(String service, String yaml) {
        return assertThrows(RejectedConfigException.class, () -> validator(service, new ArrayList<>()).validate(yaml)).getMessage();
    }

    @Test
    void jushuitanRetriesAndWindowFollowTheCodesRanges() {
        // the suffix guess capped *.retries at 5 and allowed *.window up to 366 days; the code allows 0–20 and at most 7d
        assertThat(validator("bi-api-jushuitan", new ArrayList<>()).validate("bi:\n  jushuitan:\n    retries: 15\n")
                .flat().get("bi.jushuitan.retries"), is("15"));
        assertThat(refusal("bi-api-jushuitan", "bi:\n  jushuitan:\n    retries: 21\n"),
                containsString("'bi.jushuitan.retries' (env BI_JUSHUITAN_RETRIES): must be between 0 and 20; got 21"));
        assertThat(refusal("bi-api-jushuitan", "bi:\n  jushuitan:\n    window: 30d\n"),
                containsString("'bi.jushuitan.window' (env BI_JUSHUITAN_WINDOW): must be between 1m and 7d; got 30d"));
        assertThat(refusal("bi-api-jushuitan", "bi:\n  jushuitan:\n    max:\n      body: 1GiB\n"),
                containsString("must be between 1024 and 268435456; got 1GiB"));
    }

    @Test
    void aServiceRefusesAnotherServicesKeysAndTypos() {
        assertThat(refusal("bi-api-leke", "bi:\n  jushuitan:\n    retries: 3\n"), containsString("is not an option of bi-api-leke"));
        assertThat(refusal("bi-api-jushuitan", "bi:\n  jushuitan:\n    retires: 3\n"), containsString("'bi.jushuitan.retires'"));
        assertThat(refusal("bi-sys", "bi:\n  bootstrap:\n    admin:\n      password: short\n  sys:\n    password:\n      min:\n        length: 4\n"),
                containsString("bi.sys.password.min.length"));
        // the kit's options and the order topic's are every connector's
        validator("bi-api-leke", new ArrayList<>()).validate("bi:\n  kafka:\n    topic:\n      partitions: 12\n  db:\n    pool:\n      size: 20\n");
    }

    @Test
    void everyPackagedCatalogIsFoundAndTheRepositoryConfigValidates() throws Exception {
        Path modules = Path.of("..");
        try (Stream<Path> dirs = Files.list(modules)) {
            for (Path dir : dirs.sorted().toList()) {
                Path catalogs = dir.resolve("src/main/resources/META-INF/bi-options");
                if (Files.isDirectory(catalogs)) {
                    try (Stream<Path> files = Files.list(catalogs)) {
                        for (Path file : files.toList()) {
                            String service = file.getFileName().toString().replace(".json", "");
                            assertThat(service + "'s catalog is packaged into the CLI (add its module to the CLI's resources)",
                                    OptionCatalog.load(service, getClass().getClassLoader()).map(OptionCatalog::toJson),
                                    is(Optional.of(Files.readString(file))));
                        }
                    }
                }
            }
        }
        for (String env : List.of("dev", "test", "prod")) {
            try (Stream<Path> files = Files.list(Path.of("../../config/nacos", env))) {
                for (Path file : files.sorted().toList()) {
                    String service = file.getFileName().toString().replace("-" + env + ".yaml", "");
                    validator(service, new ArrayList<>()).validate(Files.readString(file));
                }
            }
        }
    }

    @Test
    void publishRefusesAnInvalidFileBeforeContactingNacosAndWarnsForUnknownServices(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("dev"));
        Files.writeString(dir.resolve("dev/bi-api-jushuitan-dev.yaml"), "bi:\n  jushuitan:\n    window: 30d\n");
        // a service this CLI has no option catalog for (every catalog service has one now): warned about, not refused
        Files.writeString(dir.resolve("dev/bi-legacy-dev.yaml"), "bi:\n  legacy:\n    history: 50\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        NacosCli cli = new NacosCli(Map.of(), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        int code = cli.run("publish", "--env", "dev", "--dir", dir.toString());
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(code, is(1));
        assertThat(text, containsString("invalid bi-api-jushuitan-dev.yaml: invalid configuration 'bi.jushuitan.window'"));
        assertThat(text, containsString("warning: bi-legacy: 'bi.legacy.history' is not a declared option (no option catalog for bi-legacy"));
        assertThat(text, containsString("1 invalid file(s); nothing published"));
        assertThat(text, not(containsString("no Nacos server")));
    }
}
