package com.bi.sys.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link SessionRepository} in memory: rotation, reuse detection and revocation decided under one lock. */
public final class InMemorySessionRepository implements SessionRepository {
    private final Map<String, RefreshToken> byHash = new HashMap<>();
    private final Clock clock;
    private long nextId = 1;

    public InMemorySessionRepository(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void open(String familyId, String tenantId, long userId, String tokenHash, Instant expiresAt) {
        byHash.put(tokenHash, new RefreshToken(nextId++, familyId, tenantId, userId, expiresAt, null, null));
    }

    @Override
    public synchronized Optional<RefreshToken> findByHash(String tokenHash) {
        return Optional.ofNullable(byHash.get(tokenHash));
    }

    @Override
    public synchronized Rotation rotate(long id, String familyId, String nextHash, Instant expiresAt) {
        Map.Entry<String, RefreshToken> entry = byHash.entrySet().stream().filter(e -> e.getValue().id() == id).findFirst().orElseThrow();
        RefreshToken token = entry.getValue();
        if (token.revokedAt() != null) {
            return Rotation.REVOKED;
        }
        if (token.usedAt() != null) {
            revokeFamily(familyId);
            return Rotation.REUSED;
        }
        byHash.put(entry.getKey(), new RefreshToken(token.id(), familyId, token.tenantId(), token.userId(), token.expiresAt(),
                clock.instant(), null));
        open(familyId, token.tenantId(), token.userId(), nextHash, expiresAt);
        return Rotation.ROTATED;
    }

    @Override
    public synchronized int revokeFamily(String familyId) {
        return revokeWhere(t -> t.familyId().equals(familyId));
    }

    @Override
    public synchronized int revokeUser(String tenantId, long userId) {
        return revokeWhere(t -> t.tenantId().equals(tenantId) && t.userId() == userId);
    }

    private int revokeWhere(java.util.function.Predicate<RefreshToken> which) {
        int revoked = 0;
        for (Map.Entry<String, RefreshToken> e : byHash.entrySet()) {
            RefreshToken t = e.getValue();
            if (which.test(t) && t.revokedAt() == null) {
                e.setValue(new RefreshToken(t.id(), t.familyId(), t.tenantId(), t.userId(), t.expiresAt(), t.usedAt(), clock.instant()));
                revoked++;
            }
        }
        return revoked;
    }
}
