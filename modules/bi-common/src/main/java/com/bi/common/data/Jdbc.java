package com.bi.common.data;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;
import com.bi.common.error.ApiException;

/**
 * Small, parameterized-only JDBC: every value is a bind parameter, never concatenated. SQL errors become the
 * platform's errors: a unique violation is a 409, a lost or unreachable database a 503.
 */
public final class Jdbc {
    private static final ThreadLocal<Connection> TRANSACTION = new ThreadLocal<>();

    private final DataSource dataSource;
    private final Map<String, String> conflictMessages = new java.util.concurrent.ConcurrentHashMap<>();

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The 409 message for a violation of the named unique/foreign-key constraint (repositories declare theirs). */
    public Jdbc conflictMessage(String constraint, String message) {
        conflictMessages.put(constraint, message);
        return this;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) {
        return withConnection(connection -> {
            try (PreparedStatement statement = prepare(connection, sql, params); ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
        });
    }

    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = list(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    /**
     * A page of a tenant's rows: {@code SELECT <columns> FROM <table> WHERE tenant_id = ? AND <filters> ORDER BY id}.
     * Filter names map to columns through {@code filterColumns} (a fixed whitelist in the repository), values are
     * bound as parameters; the mapper reads the columns named in {@code columns}.
     */
    public <T> Page<T> page(String table, String columns, String tenantId, Map<String, Object> filters,
                            Map<String, String> filterColumns, PageRequest page, RowMapper<T> mapper) {
        StringBuilder where = new StringBuilder(" WHERE tenant_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(tenantId);
        filters.forEach((name, value) -> {
            String column = filterColumns.get(name);
            if (column == null) {
                throw new IllegalArgumentException("no column for filter " + name);
            }
            where.append(" AND ").append(column).append(" = ?");
            params.add(value);
        });
        long total = count("SELECT count(*) FROM " + table + where, params.toArray());
        params.add(page.size());
        params.add(page.offset());
        List<T> items = list("SELECT " + columns + " FROM " + table + where + " ORDER BY id LIMIT ? OFFSET ?",
                mapper, params.toArray());
        return new Page<>(items, page.page(), page.size(), total);
    }

    public long count(String sql, Object... params) {
        return one(sql, row -> row.getLong(1), params).orElse(0L);
    }

    public int update(String sql, Object... params) {
        return withConnection(connection -> {
            try (PreparedStatement statement = prepare(connection, sql, params)) {
                return statement.executeUpdate();
            }
        });
    }

    /** Runs {@code work} in one transaction: every call of this Jdbc inside it uses the same connection. */
    public <T> T inTransaction(Work<T> work) {
        if (TRANSACTION.get() != null) {
            return call(work);
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            TRANSACTION.set(connection);
            try {
                T result = work.run();
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            } finally {
                TRANSACTION.remove();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw translateHere(e);
        }
    }

    private <T> T withConnection(ConnectionWork<T> work) {
        Connection current = TRANSACTION.get();
        try {
            if (current != null) {
                return work.run(current);
            }
            try (Connection connection = dataSource.getConnection()) {
                return work.run(connection);
            }
        } catch (SQLException e) {
            throw translateHere(e);
        }
    }

    private <T> T call(Work<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw translateHere(e);
        }
    }

    private RuntimeException translateHere(SQLException e) {
        if (e instanceof org.postgresql.util.PSQLException pg && pg.getServerErrorMessage() != null) {
            String message = conflictMessages.get(String.valueOf(pg.getServerErrorMessage().getConstraint()));
            if (message != null && ("23505".equals(e.getSQLState()) || "23503".equals(e.getSQLState()))) {
                return ApiException.conflict(message);
            }
        }
        return translate(e);
    }

    @FunctionalInterface
    private interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql, Statement.NO_GENERATED_KEYS);
        for (int i = 0; i < params.length; i++) {
            Object value = params[i];
            if (value instanceof Instant instant) {
                statement.setTimestamp(i + 1, Timestamp.from(instant));
            } else if (value instanceof Enum<?> e) {
                statement.setString(i + 1, e.name());
            } else if (value instanceof BigDecimal || value == null || value instanceof Number
                    || value instanceof String || value instanceof Boolean) {
                statement.setObject(i + 1, value);
            } else {
                statement.setObject(i + 1, value);
            }
        }
        return statement;
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool will discard it
        }
    }

    /** Maps SQL failures onto the platform's errors; the SQL and its values never reach the caller. */
    public static RuntimeException translate(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (e instanceof SQLTransientConnectionException || state.startsWith("08") || state.startsWith("57P")
                || state.equals("53300")) {
            return new DatabaseUnavailableException(e);
        }
        if (state.equals("23505")) {
            return ApiException.conflict("a record with the same unique key already exists");
        }
        if (state.equals("23503")) {
            return ApiException.conflict("the record refers to, or is referred to by, another record");
        }
        // data exceptions that only bad input causes: a last net below the field checks, so they never become 500s
        if (state.equals("22021") || state.equals("22P05")) {
            return ApiException.badRequest(null, "a text value holds a character the database cannot store (such as NUL)");
        }
        if (state.equals("22003") || state.equals("22008") || state.equals("22007")) {
            return ApiException.badRequest(null, "a number or date is outside the range the database can store");
        }
        if (state.equals("22001")) {
            return ApiException.badRequest(null, "a text value is longer than the database allows");
        }
        if (state.equals("55P03")) { // lock_timeout: someone else holds what this request needs; retrying may work
            return ApiException.unavailable("the data is locked by another operation; retry shortly").retryAfter(1);
        }
        if (state.equals("40001") || state.equals("40P01")) {
            return ApiException.conflict("a concurrent change got in the way; retry the request");
        }
        return new IllegalStateException("database error " + state + ": " + e.getMessage(), e);
    }

    /** The database cannot be reached right now: a 503 for the caller, readiness DOWN for Kubernetes. */
    public static final class DatabaseUnavailableException extends ApiException {
        DatabaseUnavailableException(SQLException cause) {
            super(503, "Service Unavailable", "the database is unavailable; retry shortly");
            initCause(cause);
        }
    }
}
