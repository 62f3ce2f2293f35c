package com.bi.sys.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import com.bi.common.data.Jdbc;
import com.bi.sys.domain.SessionRepository;

/**
 * Refresh tokens in PostgreSQL. Every decision about a session starts by locking its {@code refresh_families} row
 * ({@code FOR UPDATE}) in the same transaction as the token changes: a refresh that wins the race stores its
 * successor before a concurrent revocation runs (which then revokes it too), or finds the session revoked.
 */
public final class JdbcSessionRepository implements SessionRepository {
    private final Jdbc jdbc;

    public JdbcSessionRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void open(String familyId, String tenantId, long userId, String tokenHash, Instant expiresAt) {
        jdbc.inTransaction(() -> {
            jdbc.update("INSERT INTO refresh_families (family_id, tenant_id, user_id) VALUES (?, ?, ?)", familyId, tenantId, userId);
            insertToken(tokenHash, familyId, tenantId, userId, expiresAt);
            return null;
        });
    }

    @Override
    public Optional<RefreshToken> findByHash(String tokenHash) {
        return jdbc.one("SELECT id, family_id, tenant_id, user_id, expires_at, used_at, revoked_at FROM refresh_tokens"
                + " WHERE token_hash = ?", JdbcSessionRepository::map, tokenHash);
    }

    private record Family(String tenantId, long userId, boolean revoked) {
    }

    @Override
    public Rotation rotate(long id, String familyId, String nextHash, Instant expiresAt) {
        return jdbc.inTransaction(() -> {
            Optional<Family> family = jdbc.one("SELECT tenant_id, user_id, revoked_at IS NOT NULL AS revoked"
                    + " FROM refresh_families WHERE family_id = ? FOR UPDATE",
                    row -> new Family(row.getString("tenant_id"), row.getLong("user_id"), row.getBoolean("revoked")), familyId);
            if (family.isEmpty() || family.get().revoked()) {
                return Rotation.REVOKED;
            }
            if (jdbc.update("UPDATE refresh_tokens SET used_at = now() WHERE id = ? AND family_id = ? AND used_at IS NULL",
                    id, familyId) != 1) {
                revokeLocked(familyId);
                return Rotation.REUSED;
            }
            insertToken(nextHash, familyId, family.get().tenantId(), family.get().userId(), expiresAt);
            return Rotation.ROTATED;
        });
    }

    @Override
    public int revokeFamily(String familyId) {
        return jdbc.inTransaction(() -> {
            jdbc.update("UPDATE refresh_families SET revoked_at = coalesce(revoked_at, now()) WHERE family_id = ?", familyId);
            return revokeLocked(familyId);
        });
    }

    @Override
    public int revokeUser(String tenantId, long userId) {
        return jdbc.inTransaction(() -> {
            // lock in a fixed order, so two concurrent "end all sessions" of one user cannot deadlock
            jdbc.list("SELECT family_id FROM refresh_families WHERE tenant_id = ? AND user_id = ?"
                    + " ORDER BY family_id FOR UPDATE", row -> row.getString(1), tenantId, userId);
            jdbc.update("UPDATE refresh_families SET revoked_at = now() WHERE tenant_id = ? AND user_id = ? AND revoked_at IS NULL",
                    tenantId, userId);
            // a statement of its own: it sees tokens that rotations which held the locks above committed meanwhile
            return jdbc.update("UPDATE refresh_tokens SET revoked_at = now() WHERE tenant_id = ?"
                    + " AND user_id = ? AND revoked_at IS NULL", tenantId, userId);
        });
    }

    /** Revokes the tokens of a session whose row this transaction has locked. */
    private int revokeLocked(String familyId) {
        return jdbc.update("UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = ? AND revoked_at IS NULL", familyId);
    }

    private void insertToken(String tokenHash, String familyId, String tenantId, long userId, Instant expiresAt) {
        jdbc.update("INSERT INTO refresh_tokens (token_hash, family_id, tenant_id, user_id, expires_at) VALUES (?, ?, ?, ?, ?)",
                tokenHash, familyId, tenantId, userId, expiresAt);
    }

    private static RefreshToken map(ResultSet row) throws SQLException {
        return new RefreshToken(row.getLong("id"), row.getString("family_id"), row.getString("tenant_id"),
                row.getLong("user_id"), JdbcUserRepository.instant(row, "expires_at"),
                JdbcUserRepository.instant(row, "used_at"), JdbcUserRepository.instant(row, "revoked_at"));
    }
}
