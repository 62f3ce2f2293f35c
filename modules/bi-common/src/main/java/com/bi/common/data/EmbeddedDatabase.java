package com.bi.common.data;

import java.nio.file.Path;

/**
 * A PostgreSQL the service starts itself when no database URL is configured, so {@code java -jar} needs nothing
 * installed. Implemented by the optional {@code bi-embedded-db} module, found with {@link java.util.ServiceLoader};
 * container images leave that module out, so there the database URL is required.
 */
public interface EmbeddedDatabase extends AutoCloseable {
    /** Starts (or reuses the files of) a database whose data lives in {@code dataDir}. */
    EmbeddedDatabase start(Path dataDir);

    String jdbcUrl();

    String user();

    String password();

    @Override
    void close();
}
