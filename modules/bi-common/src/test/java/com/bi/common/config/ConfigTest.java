package com.bi.common.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.bi.common.data.Database;
import com.bi.common.security.JwtVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Layered config and validation at start: every refusal names the key and its environment variable. */
class ConfigTest {
    @TempDir
    Path dir;

    private static Settings settings(Map<String, String> values) {
        return new Settings(ConfigLoader.load(values, Map.of()));
    }

    @Test
    void laterLayersWin() throws Exception {
        Files.writeString(dir.resolve("application.yaml"), "bi:\n  a: dir-base\n  b: dir-base\n  c: dir-base\n");
        Files.writeString(dir.resolve("application-test.yaml"), "bi:\n  b: dir-env\n  c: dir-env\n");
        Map<String, String> overrides = new HashMap<>();
        overrides.put("bi.config.dir", dir.toString());
        overrides.put("deploy.env", "test");
        overrides.put("bi.c", "override");
        Settings settings = settings(overrides);
        assertThat(settings.string("bi.a", null), is("dir-base"));
        assertThat(settings.string("bi.b", null), is("dir-env"));
        assertThat(settings.string("bi.c", null), is("override"));
        assertThat(settings.string("deploy.env", null), is("test"));
    }

    @Test
    void badValuesNameTheKeyAndVariable() {
        InvalidConfigException pool = assertThrows(InvalidConfigException.class,
                () -> settings(Map.of("bi.db.pool.size", "500")).intInRange("bi.db.pool.size", 10, 1, 200));
        assertThat(pool.getMessage(), is("invalid configuration 'bi.db.pool.size' (env BI_DB_POOL_SIZE): must be between 1 and 200; got 500"));
        assertThat(assertThrows(InvalidConfigException.class,
                () -> settings(Map.of("server.port", "http")).intInRange("server.port", 1, 0, 65535)).getMessage(),
                containsString("'server.port' (env SERVER_PORT): must be an integer"));
        assertThat(assertThrows(InvalidConfigException.class,
                () -> settings(Map.of("bi.x", "soon")).duration("bi.x", Duration.ZERO, Duration.ZERO, Duration.ofDays(1))).getMessage(),
                containsString("must be a duration"));
        assertThat(assertThrows(InvalidConfigException.class,
                () -> settings(Map.of("bi.flag", "maybe")).bool("bi.flag", false)).getMessage(),
                containsString("must be true or false"));
        assertThat(assertThrows(InvalidConfigException.class, () -> DeployEnv.parse("staging")).getMessage(),
                containsString("'deploy.env' (env DEPLOY_ENV): must be one of dev, test, prod"));
        assertThat(settings(Map.of("bi.t", "1500ms")).duration("bi.t", Duration.ZERO, Duration.ZERO, Duration.ofDays(1)),
                is(Duration.ofMillis(1500)));
        assertThat(settings(Map.of("bi.t", "PT2M")).duration("bi.t", Duration.ZERO, Duration.ZERO, Duration.ofDays(1)),
                is(Duration.ofMinutes(2)));
    }

    @Test
    void prodRefusesInsecureDefaults() {
        InvalidConfigException noSecret = assertThrows(InvalidConfigException.class,
                () -> JwtVerifier.create(settings(Map.of()), DeployEnv.PROD));
        assertThat(noSecret.key(), is("bi.jwt.secret"));
        assertThat(noSecret.getMessage(), containsString("refusing to start"));

        InvalidConfigException devSecret = assertThrows(InvalidConfigException.class,
                () -> JwtVerifier.create(settings(Map.of("bi.jwt.secret", JwtVerifier.DEV_SECRET)), DeployEnv.PROD));
        assertThat(devSecret.getMessage(), containsString("public development secret"));

        InvalidConfigException shortSecret = assertThrows(InvalidConfigException.class,
                () -> JwtVerifier.create(settings(Map.of("bi.jwt.secret", "short")), DeployEnv.DEV));
        assertThat(shortSecret.getMessage(), containsString("at least 32 bytes"));

        InvalidConfigException noDatabase = assertThrows(InvalidConfigException.class,
                () -> Database.start("bi-x", settings(Map.of()), DeployEnv.PROD));
        assertThat(noDatabase.key(), is("bi.db.url"));

        InvalidConfigException mysql = assertThrows(InvalidConfigException.class,
                () -> Database.start("bi-x", settings(Map.of("bi.db.url", "jdbc:mysql://db/x")), DeployEnv.DEV));
        assertThat(mysql.getMessage(), containsString("PostgreSQL JDBC URL"));
    }

    @Test
    void devStartsWithTheLoudDevelopmentSecret() {
        JwtVerifier verifier = JwtVerifier.create(settings(Map.of()), DeployEnv.DEV);
        String token = com.bi.common.security.TokenMinter.development()
                .token("t-1", "u", java.util.List.of("VIEWER"), Duration.ofMinutes(1));
        assertThat(verifier.verify(token).tenantId(), is("t-1"));
    }
}
