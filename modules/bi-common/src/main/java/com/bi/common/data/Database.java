package com.bi.common.data;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.bi.common.config.DeployEnv;
import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.Settings;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.flywaydb.core.Flyway;

/**
 * The service's PostgreSQL: a Hikari pool on the service's own schema, migrated by Flyway from
 * {@code classpath:db/migration} at start. With no {@code bi.db.url} (outside prod) an embedded PostgreSQL is
 * started from the optional {@code bi-embedded-db} module.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    private final HikariDataSource pool;
    private final EmbeddedDatabase embedded;
    private final String schema;

    private Database(HikariDataSource pool, EmbeddedDatabase embedded, String schema) {
        this.pool = pool;
        this.embedded = embedded;
        this.schema = schema;
    }

    /**
     * Keys: {@code bi.db.url}, {@code bi.db.user}, {@code bi.db.password}, {@code bi.db.schema} (default: the service
     * name without {@code bi-}), {@code bi.db.pool.size}, {@code bi.db.connect.timeout}, {@code bi.db.embedded.dir}.
     */
    public static Database start(String service, Settings settings, DeployEnv env) {
        DatabaseOptions options = DatabaseOptions.from(service, settings); // a URL that is not jdbc:postgresql: is refused here
        String url = options.url().orElse(null);
        String schema = options.schema();
        int poolSize = options.poolSize();
        Duration connectTimeout = options.connectTimeout();
        String user = options.user();
        String password = options.password();
        EmbeddedDatabase embedded = null;
        if (url == null) {
            if (env.isProd()) {
                throw new InvalidConfigException(DatabaseOptions.URL.key(), "is required in prod (a PostgreSQL JDBC URL)");
            }
            Path dir = options.embeddedDir();
            embedded = ServiceLoader.load(EmbeddedDatabase.class).findFirst().orElseThrow(() ->
                    new InvalidConfigException(DatabaseOptions.URL.key(), "is not set and the embedded PostgreSQL (module "
                            + "bi-embedded-db) is not on the classpath; container images need a database URL"));
            LOG.info(() -> "no bi.db.url: starting an embedded PostgreSQL with its data in " + dir);
            embedded = embedded.start(dir);
            url = embedded.jdbcUrl();
            user = embedded.user();
            password = embedded.password();
        }

        HikariConfig config = new HikariConfig();
        config.setPoolName(service);
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setSchema(schema);
        // virtual threads make request concurrency unbounded: the pool, not a thread count, bounds the work PostgreSQL
        // does at once, and requests beyond it wait their turn (up to the connect timeout, then 503). PostgreSQL's
        // throughput peaks at a few connections per core (pgbench -S: -c 10 beats -c 64 by 2.5x on two cores), so
        // the default stays small instead of following the number of requests in flight.
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(connectTimeout.toMillis());
        config.setValidationTimeout(Math.min(connectTimeout.toMillis(), 1000));
        // fail fast at start (k8s restarts us); at run time the pool recovers by itself
        config.setInitializationFailTimeout(connectTimeout.toMillis() * 5);
        config.addDataSourceProperty("ApplicationName", service);
        config.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, connectTimeout.toSeconds())));
        config.addDataSourceProperty("socketTimeout", "60");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // each pooled connection keeps its parsed statements and, from the 5th use of one SQL text, a server-side
        // prepared statement (the driver's defaults, named here because the GET path depends on them)
        config.addDataSourceProperty("prepareThreshold", "5");
        config.addDataSourceProperty("preparedStatementCacheQueries", "256");
        config.setRegisterMbeans(false);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw new IllegalStateException("cannot connect to the database at " + url + ": " + rootMessage(e), e);
        }
        Flyway.configure()
                .dataSource(pool)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .locations(options.migrations().orElseGet(() -> defaultMigrations(service)))
                .load()
                .migrate();
        LOG.info(() -> "database ready: schema " + schema + ", pool of " + poolSize);
        return new Database(pool, embedded, schema);
    }

    /**
     * Where the service's Flyway scripts are: {@code bi.db.migrations}, by default {@code classpath:db/migration/<service>}
     * (so several services can share a test JVM), or {@code classpath:db/migration} for a module that keeps them there.
     */
    private static String defaultMigrations(String service) {
        String own = "db/migration/" + service;
        return Database.class.getClassLoader().getResource(own) != null ? "classpath:" + own : "classpath:db/migration";
    }

    public DataSource dataSource() {
        return pool;
    }

    public String schema() {
        return schema;
    }

    public Optional<String> embeddedUrl() {
        return Optional.ofNullable(embedded).map(EmbeddedDatabase::jdbcUrl);
    }

    /** True when a connection can be had and answers within a second: part of readiness. */
    public boolean isUp() {
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    public HikariPoolMXBean poolStats() {
        return pool.getHikariPoolMXBean();
    }

    @Override
    public void close() {
        pool.close();
        if (embedded != null) {
            embedded.close();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
