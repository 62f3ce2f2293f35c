package com.bi.sys.domain;

import java.time.Instant;
import java.util.Optional;

/** Refresh tokens (by SHA-256), grouped in families: one family per login, rotated on each refresh. */
public interface SessionRepository {
    record RefreshToken(long id, String familyId, String tenantId, long userId, Instant expiresAt, Instant usedAt,
                        Instant revokedAt) {
    }

    void insert(String tokenHash, String familyId, String tenantId, long userId, Instant expiresAt);

    Optional<RefreshToken> findByHash(String tokenHash);

    /** Marks the token used; false when it was used already (a concurrent reuse). */
    boolean markUsed(long id);

    int revokeFamily(String familyId);

    int revokeUser(String tenantId, long userId);
}
