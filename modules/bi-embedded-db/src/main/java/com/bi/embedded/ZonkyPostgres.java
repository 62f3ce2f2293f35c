package com.bi.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.bi.common.data.EmbeddedDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An embedded PostgreSQL whose data survives restarts (its directory is kept), on a free loopback port.
 * Registered as the {@link EmbeddedDatabase} service; bi-common finds it when this jar is on the classpath.
 */
public final class ZonkyPostgres implements EmbeddedDatabase {
    private final EmbeddedPostgres postgres;

    public ZonkyPostgres() {
        this.postgres = null;
    }

    private ZonkyPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    @Override
    public EmbeddedDatabase start(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres started = EmbeddedPostgres.builder()
                    .setPgBinaryResolver(ZonkyPostgres::binaries)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100")
                    .start();
            return new ZonkyPostgres(started);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir
                    + " (is another process using it?)", e);
        }
    }

    /**
     * The first {@code postgres-<os>-<arch>.txz} on the classpath. Zonky's own resolver refuses to choose when the
     * binaries jar is reachable twice — as a dependency and through a service jar's manifest Class-Path
     * ({@code libs/}), which happens when tests put several service jars on one classpath.
     */
    private static InputStream binaries(String system, String machineHardware) throws IOException {
        String name = "postgres-" + system.toLowerCase(java.util.Locale.ROOT) + "-" + machineHardware + ".txz";
        InputStream binaries = ZonkyPostgres.class.getClassLoader().getResourceAsStream(name);
        if (binaries == null) {
            throw new IOException("no embedded PostgreSQL binaries " + name + " on the classpath");
        }
        return binaries;
    }

    /**
     * The loopback address PostgreSQL listens on, by number: zonky's own URL names {@code localhost}, which a machine
     * may resolve to {@code ::1} first, or slowly, or not at all.
     */
    @Override
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    @Override
    public String user() {
        return "postgres";
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public void close() {
        try {
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
