package com.bi.common.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;

import com.bi.common.data.EmbeddedDatabase;

/**
 * A real PostgreSQL for integration tests: the server CI starts ({@code BI_TEST_DB_URL}, {@code BI_TEST_DB_USER},
 * {@code BI_TEST_DB_PASSWORD}; see ci/lib.sh), or — on a laptop without one — the embedded PostgreSQL, started
 * once per test JVM. Each caller gets its own schema, so test classes never see each other's rows.
 */
public final class TestDatabase {
    private static String url = System.getenv("BI_TEST_DB_URL");
    private static String user = System.getenv().getOrDefault("BI_TEST_DB_USER", "postgres");
    private static String password = System.getenv().getOrDefault("BI_TEST_DB_PASSWORD", "");

    private TestDatabase() {
    }

    public static synchronized String url() {
        if (url == null || url.isBlank()) {
            EmbeddedDatabase embedded = ServiceLoader.load(EmbeddedDatabase.class).findFirst().orElseThrow(() ->
                    new IllegalStateException("set BI_TEST_DB_URL or put bi-embedded-db on the test classpath"));
            EmbeddedDatabase started = embedded.start(Path.of("target", "test-pgdata-" + ProcessHandle.current().pid()));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
            url = started.jdbcUrl();
            user = started.user();
            password = started.password();
        }
        return url;
    }

    /** Config keys for a fresh schema named {@code prefix_<random>}. */
    public static Map<String, String> config(String schemaPrefix) {
        Map<String, String> config = new HashMap<>();
        config.put("bi.db.url", url());
        config.put("bi.db.user", user);
        config.put("bi.db.password", password);
        config.put("bi.db.schema", schemaPrefix + "_" + UUID.randomUUID().toString().substring(0, 8));
        return config;
    }

    public static String user() {
        url();
        return user;
    }

    public static String password() {
        url();
        return password;
    }
}
