package com.bi.nacos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.bi.common.config.OptionCatalog;

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

/** Push validation by the option declarations (the kit's real rules; bi-basic declares no options of its own). */
class ConfigValidatorTest {
    private final List<String> warnings = new ArrayList<>();
    private final ConfigValidator validator = new ConfigValidator("bi-basic",
            Config.just(ConfigSources.create(Map.of("bi.peers.analysis.timeout", "3s"))),
            Optional.of(OptionCatalog.of("bi-basic")), warnings::add);

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
                  tenant:
                    status:
                      ttl: 30s
                      unverified:
                        writes: deny
                  http:
                    max:
                      body: 2MiB
                server:
                  features:
                    tags: [a, b]
                """);
        assertThat(yaml.flat().get("bi.peers.analysis.timeout"), is("500ms"));
        assertThat(yaml.flat().get("server.features.tags.1"), is("b"));
        assertThat(warnings, is(List.of("bi-basic: 'server.features.tags.0' is not a declared option; passed through unchecked",
                "bi-basic: 'server.features.tags.1' is not a declared option; passed through unchecked")));
    }

    @Test
    void rangesAreTheDeclaredOnesNotGuessesFromTheKeysSuffix() {
        // the suffix guess allowed any duration up to 366 days for *.ttl; the code allows 10 minutes
        assertThat(reject("bi:\n  tenant:\n    status:\n      ttl: 1h\n"),
                containsString("'bi.tenant.status.ttl' (env BI_TENANT_STATUS_TTL): must be between 0s and 10m; got 1h"));
        assertThat(reject("bi:\n  db:\n    pool:\n      size: 500\n"), containsString("must be between 1 and 200; got 500"));
        assertThat(reject("bi:\n  tenant:\n    status:\n      unverified:\n        writes: sometimes\n"),
                containsString("must be one of ALLOW, DENY"));
        assertThat(reject("bi:\n  http:\n    max:\n      body: 2GiB\n"), containsString("bi.http.max.body"));
    }

    @Test
    void unknownBiKeysOfAKnownServiceAreRefused() {
        assertThat(reject("bi:\n  feature:\n    exports:\n      enabled: true\n"),
                containsString("'bi.feature.exports.enabled' (env BI_FEATURE_EXPORTS_ENABLED): is not an option of bi-basic"));
        assertThat(reject("bi:\n  jwt:\n    leway: 10s\n"), containsString("'bi.jwt.leway'"));
        // another service's option is not bi-basic's either
        assertThat(reject("bi:\n  jushuitan:\n    retries: 3\n"), containsString("is not an option of bi-basic"));
    }

    @Test
    void aServiceWithoutACatalogGetsTheKitsRulesAndWarningsForTheRest() {
        List<String> seen = new ArrayList<>();
        ConfigValidator chat = new ConfigValidator("bi-chat", null, Optional.empty(), seen::add);
        assertThat(chat.knowsService(), is(false));
        assertThat(chat.validate("bi:\n  chat:\n    history: 50\n").flat().get("bi.chat.history"), is("50"));
        assertThat(seen.get(0), containsString("'bi.chat.history' is not a declared option (no option catalog for bi-chat"));
        assertThat(assertThrows(RejectedConfigException.class, () -> chat.validate("bi:\n  db:\n    pool:\n      size: 0\n"))
                .getMessage(), containsString("bi.db.pool.size"));
        // a service's own jar carries its catalog; bi-nacos alone has none
        assertThat(new ConfigValidator("bi-basic", null).knowsService(), is(false));
    }

    @Test
    void secretValuesAreNotEchoedInARefusal() {
        String message = reject("bi:\n  ratelimit:\n    redis:\n      url: http://user:hunter2@redis:6379\n");
        assertThat(message, containsString("bi.ratelimit.redis.url"));
        assertThat(message.contains("hunter2"), is(false));
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
        assertThat(reject("bi:\n  tenant:\n    status:\n      check: maybe\n"), containsString("must be true or false"));
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
        assertThat(reject("bi:\n  config:\n    dir: /tmp/x\n"), containsString("only be set locally"));
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
