package com.bi.sys.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * Refresh tokens (by SHA-256), grouped in sessions (families): one per login, rotated on each refresh. Every change
 * of a session is decided under that session's lock, so revocation and issuance never interleave.
 */
public interface SessionRepository {
    record RefreshToken(long id, String familyId, String tenantId, long userId, Instant expiresAt, Instant usedAt,
                        Instant revokedAt) {
    }

    /** What {@link #rotate} decided. */
    enum Rotation {
        /** the token was spent and its successor stored */
        ROTATED,
        /** the token had been spent already: the whole session is now revoked, nothing was stored */
        REUSED,
        /** the session was revoked (logout, reuse, password change …): nothing was stored */
        REVOKED
    }

    /** Starts a session with its first refresh token. */
    void open(String familyId, String tenantId, long userId, String tokenHash, Instant expiresAt);

    Optional<RefreshToken> findByHash(String tokenHash);

    /**
     * One decision under the session's lock: spends token {@code id} and stores {@code nextHash} in the same
     * session, unless the session is revoked ({@link Rotation#REVOKED}) or the token was spent already
     * ({@link Rotation#REUSED}, and the session is revoked).
     */
    Rotation rotate(long id, String familyId, String nextHash, Instant expiresAt);

    /** Revokes a session and every token of it; the number of tokens revoked. */
    int revokeFamily(String familyId);

    /** Revokes every session of a user; the number of tokens revoked. */
    int revokeUser(String tenantId, long userId);
}
