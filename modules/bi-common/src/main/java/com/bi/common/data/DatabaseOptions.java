package com.bi.common.data;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import com.bi.common.config.Option;
import com.bi.common.config.OptionGroup;
import com.bi.common.config.Settings;

/** The service's PostgreSQL: where, who, which schema, the pool. */
public record DatabaseOptions(Optional<String> url, String user, String password, String schema, int poolSize,
                              Duration connectTimeout, Optional<String> migrations, Path embeddedDir) {
    public static final Option<String> URL = Option.string("bi.db.url", null,
            "jdbc:postgresql://host:port/db; unset outside prod starts an embedded PostgreSQL")
            .format("jdbc:postgresql:.*", "a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db)").secret();
    public static final Option<String> USER = Option.string("bi.db.user", "postgres", "database user");
    public static final Option<String> PASSWORD = Option.string("bi.db.password", "", "database password (from a Secret in the chart)")
            .defaultText("empty").secret();
    public static final Option<String> SCHEMA = Option.string("bi.db.schema", null,
            "the schema the service owns and migrates (Flyway)")
            .defaultText("the service name without bi-, dashes as underscores")
            .format("[a-z][a-z0-9_]{0,62}", "a lower-case SQL identifier");
    public static final Option<Integer> POOL_SIZE = Option.integer("bi.db.pool.size", 10, 1, 200, "connection pool size");
    public static final Option<Duration> CONNECT_TIMEOUT = Option.duration("bi.db.connect.timeout", Duration.ofSeconds(3),
            Duration.ofMillis(250), Duration.ofMinutes(1), "wait for a connection before a 503");
    public static final Option<String> MIGRATIONS = Option.string("bi.db.migrations", null,
            "where the service's Flyway scripts are").defaultText("classpath:db/migration/<service>");
    public static final Option<String> EMBEDDED_DIR = Option.string("bi.db.embedded.dir", null,
            "the embedded PostgreSQL's data directory").defaultText("~/.bi-platform/<service>/pgdata");

    public static final OptionGroup GROUP = OptionGroup.of("database", "Database", URL, USER, PASSWORD, SCHEMA, POOL_SIZE,
            CONNECT_TIMEOUT, MIGRATIONS, EMBEDDED_DIR);

    public static DatabaseOptions from(String service, Settings s) {
        String schema = s.optional(SCHEMA).orElse(service.replaceFirst("^bi-", "").replace('-', '_'));
        SCHEMA.check(schema); // the derived default must be an identifier too
        int poolSize = s.get(POOL_SIZE);
        Duration connectTimeout = s.get(CONNECT_TIMEOUT);
        return new DatabaseOptions(s.optional(URL), s.get(USER), s.get(PASSWORD), schema, poolSize,
                connectTimeout, s.optional(MIGRATIONS),
                s.optional(EMBEDDED_DIR).map(Path::of)
                        .orElse(Path.of(System.getProperty("user.home"), ".bi-platform", service, "pgdata")));
    }

    @Override
    public String toString() {
        return "DatabaseOptions[url=" + url.orElse("(embedded)") + ", user=" + user + ", schema=" + schema
                + ", poolSize=" + poolSize + ", connectTimeout=" + connectTimeout + "]";
    }
}
