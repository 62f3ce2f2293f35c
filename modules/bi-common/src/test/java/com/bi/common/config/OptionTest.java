package com.bi.common.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.bi.common.data.DatabaseOptions;
import com.bi.common.peers.PeersOptions;
import com.bi.common.security.JwtOptions;
import com.bi.common.tenancy.TenancyOptions;
import com.bi.common.work.WorkersOptions;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The option declarations: typed reads, the rules they enforce and what their errors show. */
class OptionTest {
    private static Settings settings(Map<String, String> values) {
        return new Settings(Config.just(ConfigSources.create(values)));
    }

    private static String refusal(Option<?> option, String value) {
        return assertThrows(InvalidConfigException.class, () -> option.get(settings(Map.of(option.key(), value)))).getMessage();
    }

    @Test
    void defaultsWhenUnsetAndTypedValuesWhenSet() {
        assertThat(settings(Map.of()).get(DatabaseOptions.POOL_SIZE), is(10));
        assertThat(settings(Map.of("bi.db.pool.size", " 42 ")).get(DatabaseOptions.POOL_SIZE), is(42));
        assertThat(settings(Map.of()).get(TenancyOptions.STATUS_CHECK), is(true));
        assertThat(settings(Map.of("bi.tenant.status.check", "off")).get(TenancyOptions.STATUS_CHECK), is(false));
        assertThat(settings(Map.of()).optional(JwtOptions.SECRET).isPresent(), is(false));
    }

    @Test
    void rangeRefusalNamesKeyEnvValueAndRule() {
        assertThat(refusal(DatabaseOptions.POOL_SIZE, "500"),
                is("invalid configuration 'bi.db.pool.size' (env BI_DB_POOL_SIZE): must be between 1 and 200; got 500"));
        assertThat(refusal(DatabaseOptions.POOL_SIZE, "many"), containsString("must be an integer; got 'many'"));
        assertThat(refusal(TenancyOptions.TTL, "11m"), containsString("must be between 0s and 10m; got 11m"));
        assertThat(refusal(TenancyOptions.STATUS_CHECK, "maybe"), containsString("must be true or false; got 'maybe'"));
    }

    @Test
    void enumValuesAnyCaseAndRefusalListsTheAllowedOnes() {
        assertThat(settings(Map.of("bi.tenant.status.unverified.writes", "deny")).get(TenancyOptions.UNVERIFIED_WRITES),
                is(TenancyOptions.UnverifiedWrites.DENY));
        assertThat(refusal(TenancyOptions.UNVERIFIED_WRITES, "sometimes"),
                containsString("'bi.tenant.status.unverified.writes' (env BI_TENANT_STATUS_UNVERIFIED_WRITES): must be one of ALLOW, DENY; got 'sometimes'"));
        assertThat(refusal(ServerOptions.DEPLOY_ENV, "staging"), containsString("must be one of dev, test, prod; got 'staging'"));
    }

    @Test
    void durationsInEveryWrittenForm() {
        Option<Duration> o = TenancyOptions.MAX_STALE;
        assertThat(o.parse("500ms"), is(Duration.ofMillis(500)));
        assertThat(o.parse("90s"), is(Duration.ofSeconds(90)));
        assertThat(o.parse("2m"), is(Duration.ofMinutes(2)));
        assertThat(o.parse("1h"), is(Duration.ofHours(1)));
        assertThat(o.parse("1d"), is(Duration.ofDays(1)));
        assertThat(o.parse("PT5S"), is(Duration.ofSeconds(5)));
        assertThat(refusal(o, "5 parsecs"), containsString("must be a duration such as 500ms, 5s, 2m, 1h, 7d or PT5S; got '5 parsecs'"));
        assertThat(refusal(o, "2d"), containsString("must be between 0s and 1d; got 2d"));
    }

    @Test
    void sizesInBytesOrBinaryUnits() {
        Option<Long> o = ServerOptions.MAX_BODY;
        assertThat(o.parse("1048576"), is(1_048_576L));
        assertThat(o.parse("512KiB"), is(512L * 1024));
        assertThat(o.parse("8MiB"), is(8L << 20));
        assertThat(o.parse("1g"), is(1L << 30));
        assertThat(refusal(o, "2GiB"), containsString("must be between 1024 and 1073741824; got 2GiB"));
        assertThat(refusal(o, "lots"), containsString("must be a size in bytes such as 1048576, 512KiB or 8MiB"));
        assertThat(refusal(o, "99999999999999999g"), containsString("must be a size in bytes"));
    }

    @Test
    void secretValuesAreNeverPrinted() {
        String message = refusal(DatabaseOptions.URL, "jdbc:mysql://db/x?password=hunter2");
        assertThat(message, containsString("'bi.db.url' (env BI_DB_URL): must be a PostgreSQL JDBC URL"));
        assertThat(message, not(containsString("hunter2")));
        assertThat(message, containsString("got ***"));
        assertThat(JwtOptions.SECRET.defaultText(), not(containsString("INSECURE")));
    }

    @Test
    void formatRuleForStrings() {
        assertThat(refusal(DatabaseOptions.SCHEMA, "Bad-Schema"),
                containsString("must be a lower-case SQL identifier; got 'Bad-Schema'"));
        assertThat(DatabaseOptions.from("bi-api-leke", settings(Map.of())).schema(), is("api_leke"));
    }

    @Test
    void familiesMatchConcreteKeysAndReadThroughAt() {
        assertThat(PeersOptions.ADDRESS.matches("bi.peers.api.leke.address"), is(true));
        assertThat(PeersOptions.ADDRESS.matches("bi.peers..address"), is(false));
        assertThat(PeersOptions.ADDRESS.matches("bi.peers.analysis.timeout"), is(false));
        Option<Integer> retries = PeersOptions.RETRIES.at("analysis");
        assertThat(retries.key(), is("bi.peers.analysis.retries"));
        assertThat(retries.get(settings(Map.of("bi.peers.analysis.retries", "4"))), is(4));
        assertThat(refusal(retries, "9"), containsString("'bi.peers.analysis.retries' (env BI_PEERS_ANALYSIS_RETRIES): must be between 0 and 5"));
        assertThat(PeersOptions.TIMEOUT.at("analysis").isReloadable(), is(true));
        assertThat(refusal(PeersOptions.ADDRESS.at("tenant"), "tenant"), containsString("must be host:port; got 'tenant'"));
        assertThrows(IllegalStateException.class, () -> PeersOptions.RETRIES.get(settings(Map.of())));
    }

    @Test
    void onlyReloadableOptionsReadLiveAndABadValueKeepsTheLastGoodOne() {
        AtomicReference<Settings> current = new AtomicReference<>(settings(Map.of("bi.peers.basic.timeout", "2s")));
        Supplier<Duration> live = PeersOptions.TIMEOUT.at("basic").live(current.get(), current::get);
        assertThat(live.get(), is(Duration.ofSeconds(2)));
        current.set(settings(Map.of("bi.peers.basic.timeout", "750ms")));
        assertThat(live.get(), is(Duration.ofMillis(750)));
        current.set(settings(Map.of("bi.peers.basic.timeout", "forever")));
        assertThat(live.get(), is(Duration.ofMillis(750)));
        current.set(settings(Map.of()));
        assertThat(live.get(), is(Duration.ofSeconds(3)));
        // a start-only option has no live reader at all: the type says so
        assertThat(Option.class.getMethods().length > 0 && List.of(Option.class.getMethods()).stream()
                .noneMatch(m -> m.getName().equals("live")), is(true));
    }

    @Test
    void groupValidationReadsEveryOptionAndCrossRulesStayWithTheRecord() {
        assertThat(assertThrows(InvalidConfigException.class, () -> KitOptions.CATALOG.validate(
                settings(Map.of("bi.jwt.leeway", "10m")))).getMessage(), containsString("'bi.jwt.leeway'"));
        assertThat(assertThrows(InvalidConfigException.class, () -> KitOptions.CATALOG.validate(
                settings(Map.of("bi.peers.sys.address", "nowhere")))).getMessage(), containsString("'bi.peers.sys.address'"));
        KitOptions.CATALOG.validate(settings(Map.of("bi.peers.sys.address", "bi-sys:9001")));
        assertThat(assertThrows(InvalidConfigException.class, () -> WorkersOptions.from(settings(Map.of(
                "bi.worker.backoff.min", "10s", "bi.worker.backoff.max", "5s")))).getMessage(),
                containsString("'bi.worker.backoff.max'"));
        assertThat(JwtOptions.from(settings(Map.of("bi.jwt.secret", "0123456789abcdef0123456789abcdef")), DeployEnv.PROD)
                .toString(), not(containsString("0123456789abcdef")));
    }

    @Test
    void aKeyDeclaredTwiceIsRefused() {
        OptionGroup again = OptionGroup.of("again", "again", DatabaseOptions.POOL_SIZE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KitOptions.CATALOG.plus(
                OptionCatalog.of("bi-x", again)));
        assertThat(e.getMessage(), containsString("bi.db.pool.size is declared twice (database, again)"));
    }

    @Test
    void catalogJsonRoundTripKeepsTheRules() {
        OptionCatalog back = OptionCatalog.fromJson(KitOptions.CATALOG.toJson());
        assertThat(back.toJson(), is(KitOptions.CATALOG.toJson()));
        Option<?> pool = back.find("bi.db.pool.size").orElseThrow();
        assertThat(assertThrows(InvalidConfigException.class, () -> pool.check("500")).getMessage(),
                containsString("must be between 1 and 200; got 500"));
        assertThat(back.find("bi.peers.api.jushuitan.retries").orElseThrow().key(), is("bi.peers.<peer>.retries"));
        assertThat(back.find("bi.log.level").orElseThrow().isReloadable(), is(true));
        assertThat(back.find("bi.db.password").orElseThrow().isSecret(), is(true));
        assertThat(back.find("bi.jushuitan.retires").isPresent(), is(false));
    }
}
