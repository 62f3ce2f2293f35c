package com.bi.sys.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;
import com.bi.common.data.Jdbc;
import com.bi.sys.domain.ApiKey;
import com.bi.sys.domain.ApiKeyRepository;

/** API keys in PostgreSQL. */
public final class JdbcApiKeyRepository implements ApiKeyRepository {
    private static final String COLUMNS = "id, tenant_id, name, prefix, scopes, created_by, expires_at, last_used_at,"
            + " revoked_at, created_at, key_hash";

    private final Jdbc jdbc;

    public JdbcApiKeyRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public ApiKey insert(String tenantId, String name, String prefix, String keyHash, List<String> scopes, String createdBy,
                         Instant expiresAt) {
        return jdbc.one("INSERT INTO api_keys (tenant_id, name, prefix, key_hash, scopes, created_by, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS, JdbcApiKeyRepository::map,
                tenantId, name, prefix, keyHash, String.join(",", scopes), createdBy, expiresAt).orElseThrow();
    }

    @Override
    public Optional<ApiKey> findByPrefix(String prefix) {
        return jdbc.one("SELECT " + COLUMNS + " FROM api_keys WHERE prefix = ?", JdbcApiKeyRepository::map, prefix);
    }

    @Override
    public Page<ApiKey> list(String tenantId, PageRequest page) {
        return jdbc.page("api_keys", COLUMNS, tenantId, Map.of(), Map.of(), page, JdbcApiKeyRepository::map);
    }

    @Override
    public boolean revoke(String tenantId, long id) {
        return jdbc.update("UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE tenant_id = ? AND id = ?",
                tenantId, id) == 1;
    }

    @Override
    public void touch(long id) {
        jdbc.update("UPDATE api_keys SET last_used_at = now() WHERE id = ?", id);
    }

    private static ApiKey map(ResultSet row) throws SQLException {
        return new ApiKey(row.getLong("id"), row.getString("tenant_id"), row.getString("name"), row.getString("prefix"),
                Arrays.asList(row.getString("scopes").split(",")), row.getString("created_by"),
                JdbcUserRepository.instant(row, "expires_at"), JdbcUserRepository.instant(row, "last_used_at"),
                JdbcUserRepository.instant(row, "revoked_at"), JdbcUserRepository.instant(row, "created_at"),
                row.getString("key_hash"));
    }
}
