package com.bi.sys.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import com.bi.common.data.Jdbc;
import com.bi.sys.domain.SessionRepository;

/** Refresh tokens in PostgreSQL. */
public final class JdbcSessionRepository implements SessionRepository {
    private final Jdbc jdbc;

    public JdbcSessionRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(String tokenHash, String familyId, String tenantId, long userId, Instant expiresAt) {
        jdbc.update("INSERT INTO refresh_tokens (token_hash, family_id, tenant_id, user_id, expires_at) VALUES (?, ?, ?, ?, ?)",
                tokenHash, familyId, tenantId, userId, expiresAt);
    }

    @Override
    public Optional<RefreshToken> findByHash(String tokenHash) {
        return jdbc.one("SELECT id, family_id, tenant_id, user_id, expires_at, used_at, revoked_at FROM refresh_tokens"
                + " WHERE token_hash = ?", JdbcSessionRepository::map, tokenHash);
    }

    @Override
    public boolean markUsed(long id) {
        return jdbc.update("UPDATE refresh_tokens SET used_at = now() WHERE id = ? AND used_at IS NULL", id) == 1;
    }

    @Override
    public int revokeFamily(String familyId) {
        return jdbc.update("UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = ? AND revoked_at IS NULL", familyId);
    }

    @Override
    public int revokeUser(String tenantId, long userId) {
        return jdbc.update("UPDATE refresh_tokens SET revoked_at = now() WHERE tenant_id = ? AND user_id = ?"
                + " AND revoked_at IS NULL", tenantId, userId);
    }

    private static RefreshToken map(ResultSet row) throws SQLException {
        return new RefreshToken(row.getLong("id"), row.getString("family_id"), row.getString("tenant_id"),
                row.getLong("user_id"), JdbcUserRepository.instant(row, "expires_at"),
                JdbcUserRepository.instant(row, "used_at"), JdbcUserRepository.instant(row, "revoked_at"));
    }
}
