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
import com.bi.sys.domain.User;
import com.bi.sys.domain.UserRepository;

/** Users in PostgreSQL (schema {@code sys}); every statement is scoped to the tenant. */
public final class JdbcUserRepository implements UserRepository {
    private static final String COLUMNS = "id, tenant_id, username, display_name, roles, enabled, locked_until,"
            + " last_login_at, version, created_at, updated_at, password_hash, failed_logins";

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
    public User recordFailure(String tenantId, long id, int maxFailures, Instant lockUntil) {
        return jdbc.one("UPDATE users SET failed_logins = failed_logins + 1,"
                + " locked_until = CASE WHEN failed_logins + 1 >= ? THEN ? ELSE locked_until END"
                + " WHERE tenant_id = ? AND id = ? RETURNING " + COLUMNS, JdbcUserRepository::map,
                maxFailures, lockUntil, tenantId, id).orElseThrow();
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

    private static User map(ResultSet row) throws SQLException {
        return new User(row.getLong("id"), row.getString("tenant_id"), row.getString("username"),
                row.getString("display_name"), Arrays.asList(row.getString("roles").split(",")), row.getBoolean("enabled"),
                instant(row, "locked_until"), instant(row, "last_login_at"), row.getLong("version"),
                instant(row, "created_at"), instant(row, "updated_at"), row.getString("password_hash"),
                row.getInt("failed_logins"));
    }
}
