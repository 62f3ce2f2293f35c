package com.bi.cron.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.bi.cron.domain.JobLock;

/**
 * A PostgreSQL session-level advisory lock per job on bi-cron's own database: {@code pg_try_advisory_lock(<bi-cron
 * key space>, hashtext(job))} on a connection held for the whole run. It never waits; a pod that dies loses its
 * session and with it the lock, so a crash never leaves a job locked.
 */
public final class PgJobLock implements JobLock {
    /** The first key of the two-key form: "biCr", so bi-cron's locks never meet another user's of the database. */
    static final int KEY_SPACE = 0x62694372;
    private static final Logger LOG = Logger.getLogger(PgJobLock.class.getName());

    private final DataSource dataSource;

    public PgJobLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<AutoCloseable> tryAcquire(String job) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach bi-cron's database for the job lock: " + e.getMessage(), e);
        }
        try {
            connection.setAutoCommit(true);
            if (!call(connection, "SELECT pg_try_advisory_lock(?, hashtext(?))", job)) {
                connection.close();
                return Optional.empty();
            }
            return Optional.of(() -> release(connection, job));
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw new IllegalStateException("job lock of " + job + " failed: " + e.getMessage(), e);
        }
    }

    private static void release(Connection connection, String job) {
        try {
            if (!call(connection, "SELECT pg_advisory_unlock(?, hashtext(?))", job)) {
                LOG.warning(() -> "job lock of " + job + " was not held at release");
            }
        } catch (SQLException e) {
            LOG.warning(() -> "releasing the job lock of " + job + " failed (the session's end releases it): " + e.getMessage());
        } finally {
            // a connection whose unlock failed is broken (the pool discards it), so no pooled session keeps the lock
            closeQuietly(connection);
        }
    }

    private static boolean call(Connection connection, String sql, String job) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, KEY_SPACE);
            statement.setString(2, job);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already broken: the pool discards it
        }
    }
}
