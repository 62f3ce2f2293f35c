package com.bi.sys.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;
import com.bi.common.data.Jdbc;
import com.bi.sys.domain.LoginAttempt;
import com.bi.sys.domain.User;
import com.bi.sys.domain.UserRepository;

/** Users in PostgreSQL (schema {@code sys}); every statement is scoped to the tenant. */
public final class JdbcUserRepository implements UserRepository {
    private static final String COLUMNS = "id, tenant_id, username, display_name, roles, enabled, locked_until,"
            + " last_login_at, version, created_at, updated_at, password_hash, failed_logins";

    /** First key of the advisory lock that serializes user creation per tenant (the second: hash of the tenant). */
    private static final int USERS_LOCK = 0x5359_5355; // "SYSU"
    /** The failure count after this attempt: a lock that has expired (at the bound "now") starts a new count. */
    private static final String NEXT_COUNT = "(CASE WHEN t.locked_until IS NOT NULL AND t.locked_until <= ?"
            + " THEN 1 ELSE t.failed_logins + 1 END)";
    private static final String NOT_LOCKED = "(t.locked_until IS NULL OR t.locked_until <= ?)";

    private final Jdbc jdbc;

    public JdbcUserRepository(Jdbc jdbc) {
        this.jdbc = jdbc.conflictMessage("users_username_unique", "a user with this username already exists in the tenant");
    }

    @Override
    public User insert(String tenantId, String username, String displayName, String passwordHash, List<String> roles) {
        return jdbc.one("INSERT INTO users (tenant_id, username, display_name, password_hash, roles) VALUES (?, ?, ?, ?, ?)"
                + " RETURNING " + COLUMNS, JdbcUserRepository::map, tenantId, username, displayName, passwordHash,
                String.join(",", roles)).orElseThrow();
    }

    @Override
    public Optional<User> insertWithinQuota(String tenantId, String username, String displayName, String passwordHash,
                                            List<String> roles, int maxUsers) {
        return jdbc.inTransaction(() -> {
            // held until commit: creations of one tenant queue here for the time of a count and an insert
            jdbc.one("SELECT pg_advisory_xact_lock(?, hashtext(?))", row -> true, USERS_LOCK, tenantId);
            if (count(tenantId) >= maxUsers) {
                return Optional.<User>empty();
            }
            return Optional.of(insert(tenantId, username, displayName, passwordHash, roles));
        });
    }

    @Override
    public Optional<User> find(String tenantId, long id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM users WHERE tenant_id = ? AND id = ?", JdbcUserRepository::map, tenantId, id);
    }

    @Override
    public Optional<User> findByUsername(String tenantId, String username) {
        return jdbc.one("SELECT " + COLUMNS + " FROM users WHERE tenant_id = ? AND username = ?", JdbcUserRepository::map,
                tenantId, username);
    }

    @Override
    public Page<User> list(String tenantId, PageRequest page) {
        return jdbc.page("users", COLUMNS, tenantId, java.util.Map.of(), java.util.Map.of(), page, JdbcUserRepository::map);
    }

    @Override
    public long count(String tenantId) {
        return jdbc.count("SELECT count(*) FROM users WHERE tenant_id = ?", tenantId);
    }

    @Override
    public boolean anyWithRole(String tenantId, String role) {
        return jdbc.count("SELECT count(*) FROM users WHERE tenant_id = ? AND ? = ANY (string_to_array(roles, ','))",
                tenantId, role) > 0;
    }

    @Override
    public Optional<User> update(String tenantId, long id, String displayName, List<String> roles, boolean enabled) {
        return jdbc.one("UPDATE users SET display_name = ?, roles = ?, enabled = ?, version = version + 1, updated_at = now()"
                + " WHERE tenant_id = ? AND id = ? RETURNING " + COLUMNS, JdbcUserRepository::map,
                displayName, String.join(",", roles), enabled, tenantId, id);
    }

    @Override
    public boolean setPassword(String tenantId, long id, String passwordHash) {
        return jdbc.update("UPDATE users SET password_hash = ?, password_changed_at = now(), version = version + 1,"
                + " updated_at = now() WHERE tenant_id = ? AND id = ?", passwordHash, tenantId, id) == 1;
    }

    @Override
    public LoginAttempt reserveAttempt(String tenantId, long id, Instant now, int maxFailures, Instant lockUntil) {
        return jdbc.one("UPDATE users AS t SET failed_logins = " + NEXT_COUNT + ", locked_until = CASE WHEN " + NEXT_COUNT
                        + " >= ? THEN ?::timestamptz END WHERE t.tenant_id = ? AND t.id = ? AND " + NOT_LOCKED
                        + " RETURNING failed_logins, locked_until", JdbcUserRepository::allowed,
                        now, now, maxFailures, lockUntil, tenantId, id, now)
                .or(() -> jdbc.one("SELECT failed_logins, locked_until FROM users WHERE tenant_id = ? AND id = ?",
                        JdbcUserRepository::refused, tenantId, id))
                .orElseGet(() -> new LoginAttempt(false, 0, null));
    }

    @Override
    public LoginAttempt reserveAttemptOfUnknown(String tenantId, String username, Instant now, int maxFailures,
                                                Instant lockUntil) {
        // names nobody logged in with for a day are forgotten, so the table stays as small as the attacks; rows another
        // login holds are skipped (no waiting, no deadlock), and a batch at a time keeps each call short
        jdbc.update("DELETE FROM login_failures WHERE ctid IN (SELECT ctid FROM login_failures WHERE updated_at < ?"
                + " AND (locked_until IS NULL OR locked_until < ?) LIMIT 100 FOR UPDATE SKIP LOCKED)",
                now.minus(java.time.Duration.ofDays(1)), now);
        return jdbc.one("INSERT INTO login_failures AS t (tenant_id, username, failed_logins, locked_until, updated_at)"
                        + " VALUES (?, ?, 1, CASE WHEN 1 >= ? THEN ?::timestamptz END, ?)"
                        + " ON CONFLICT (tenant_id, username) DO UPDATE SET failed_logins = " + NEXT_COUNT
                        + ", locked_until = CASE WHEN " + NEXT_COUNT + " >= ? THEN ?::timestamptz END, updated_at = ?"
                        + " WHERE " + NOT_LOCKED + " RETURNING failed_logins, locked_until", JdbcUserRepository::allowed,
                        tenantId, username, maxFailures, lockUntil, now, now, now, maxFailures, lockUntil, now, now)
                .or(() -> jdbc.one("SELECT failed_logins, locked_until FROM login_failures WHERE tenant_id = ?"
                        + " AND username = ?", JdbcUserRepository::refused, tenantId, username))
                .orElseGet(() -> new LoginAttempt(false, 0, null));
    }

    @Override
    public void recordSuccess(String tenantId, long id) {
        jdbc.update("UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = now()"
                + " WHERE tenant_id = ? AND id = ?", tenantId, id);
    }

    @Override
    public boolean unlock(String tenantId, long id) {
        return jdbc.update("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE tenant_id = ? AND id = ?",
                tenantId, id) == 1;
    }

    @Override
    public boolean delete(String tenantId, long id) {
        return jdbc.update("DELETE FROM users WHERE tenant_id = ? AND id = ?", tenantId, id) == 1;
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static LoginAttempt allowed(ResultSet row) throws SQLException {
        return new LoginAttempt(true, row.getInt("failed_logins"), instant(row, "locked_until"));
    }

    private static LoginAttempt refused(ResultSet row) throws SQLException {
        return new LoginAttempt(false, row.getInt("failed_logins"), instant(row, "locked_until"));
    }

    private static User map(ResultSet row) throws SQLException {
        return new User(row.getLong("id"), row.getString("tenant_id"), row.getString("username"),
                row.getString("display_name"), Arrays.asList(row.getString("roles").split(",")), row.getBoolean("enabled"),
                instant(row, "locked_until"), instant(row, "last_login_at"), row.getLong("version"),
                instant(row, "created_at"), instant(row, "updated_at"), row.getString("password_hash"),
                row.getInt("failed_logins"));
    }
}
