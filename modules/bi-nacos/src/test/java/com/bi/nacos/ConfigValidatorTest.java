package com.bi.nacos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.bi.nacos.config.ConfigCache;
import com.bi.nacos.config.ConfigValidator;
import com.bi.nacos.config.RejectedConfigException;
import com.bi.nacos.config.RemoteYaml;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfigValidatorTest {
    private final ConfigValidator validator = new ConfigValidator("bi-basic",
            Config.just(ConfigSources.create(Map.of("bi.peers.analysis.timeout", "3s"))));

    @Test
    void acceptsTypedValuesAndFlattensThem() {
        RemoteYaml yaml = validator.validate("""
                bi:
                  log:
                    level: debug
                  peers:
                    analysis:
                      timeout: 500ms
                      retries: 2
                      address: bi-analysis:9006
                  feature:
                    exports:
                      enabled: true
                  rate:
                    limit: 100
                  tags: [a, b]
                """);
        assertThat(yaml.flat().get("bi.peers.analysis.timeout"), is("500ms"));
        assertThat(yaml.flat().get("bi.tags.1"), is("b"));
    }

    @Test
    void emptyDocumentIsAnEmptyConfig() {
        assertThat(validator.validate("").flat().isEmpty(), is(true));
        assertThat(validator.validate("# only a comment\n").flat().isEmpty(), is(true));
    }

    @Test
    void rejectsWithAMessageNamingTheKey() {
        assertThat(reject("bi:\n  log:\n    level: LOUD\n"), containsString("bi.log.level"));
        assertThat(reject("bi:\n  peers:\n    analysis:\n      timeout: soon\n"), containsString("bi.peers.analysis.timeout"));
        assertThat(reject("bi:\n  peers:\n    analysis:\n      retries: 9\n"), containsString("bi.peers.analysis.retries"));
        assertThat(reject("bi:\n  peers:\n    analysis:\n      address: nohost\n"), containsString("host:port"));
        assertThat(reject("bi:\n  x:\n    enabled: maybe\n"), containsString("bi.x.enabled"));
        assertThat(reject("bi:\n  rate:\n    limit: -1\n"), containsString("bi.rate.limit"));
        assertThat(reject("server:\n  port: 70000\n"), containsString("server.port"));
    }

    @Test
    void rejectsBrokenYamlAndNonMappings() {
        assertThat(reject("bi: [unclosed\n"), containsString("not valid YAML"));
        assertThat(reject("- a\n- b\n"), containsString("mapping"));
        assertThat(reject("just text"), containsString("mapping"));
        assertThat(reject("a: 1\na: 2\n"), containsString("not valid YAML"));
    }

    @Test
    void localOnlyKeysCannotComeFromNacos() {
        assertThat(reject("nacos:\n  server:\n    addr: evil:8848\n"), containsString("only be set locally"));
        assertThat(reject("deploy:\n  env: prod\n"), containsString("deploy.env"));
        assertThat(reject("bi:\n  nacos:\n    cache:\n      dir: /tmp/x\n"), containsString("bi.nacos.cache.dir"));
    }

    @Test
    void cacheWritesAtomicallyAndReadsBack(@TempDir Path dir) throws Exception {
        ConfigCache cache = new ConfigCache(dir, "", "DEFAULT_GROUP", "bi-basic-dev.yaml");
        assertThat(cache.read().isPresent(), is(false));
        assertThat(cache.write("a: 1\n"), is(true));
        assertThat(cache.read().get(), is("a: 1\n"));
        assertThat(cache.file(), is(dir.resolve("public/DEFAULT_GROUP/bi-basic-dev.yaml")));
        try (var files = Files.list(cache.file().getParent())) {
            assertThat(files.count(), is(1L));
        }
    }

    @Test
    void optionsComeFromEnvironmentStyleKeysAndAreOffWithoutAnAddress() {
        assertThat(NacosOptions.from(Config.just(ConfigSources.create(Map.of("x", "y")))).isPresent(), is(false));
        NacosOptions o = NacosOptions.from(Config.just(ConfigSources.create(Map.of("NACOS_SERVER_ADDR", "n:8848",
                "NACOS_NAMESPACE", "prod-ns", "NACOS_USERNAME", "u", "NACOS_PASSWORD", "p", "BI_NACOS_DISCOVERY", "false")))).get();
        assertThat(o.serverAddr(), is("n:8848"));
        assertThat(o.namespace(), is("prod-ns"));
        assertThat(o.group(), is("DEFAULT_GROUP"));
        assertThat(o.discovery(), is(false));
        assertThat(o.clientProperties().getProperty("password"), is("p"));
        assertThat(o.toString().contains("p"), is(true));
        assertThat(o.toString(), containsString("user u"));
        assertThat(NacosOptions.dataId("bi-basic", com.bi.common.config.DeployEnv.PROD), is("bi-basic-prod.yaml"));
    }

    private String reject(String yaml) {
        return assertThrows(RejectedConfigException.class, () -> validator.validate(yaml)).getMessage();
    }
}
