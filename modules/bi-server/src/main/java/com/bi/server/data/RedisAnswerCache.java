package com.bi.server.data;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import com.bi.server.domain.AnswerCache;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * Answers in Redis under {@code bi:server:dashboard:<tenant>:<hash>}, expiring after the TTL: shared by every replica.
 * Failures throw; {@link com.bi.server.domain.Dashboards} then composes the answer without the cache.
 */
public final class RedisAnswerCache implements AnswerCache {
    public static final String PREFIX = "bi:server:dashboard:";
    private final JedisPool pool;
    private final Duration ttl;

    public RedisAnswerCache(JedisPool pool, Duration ttl) {
        this.pool = pool;
        this.ttl = ttl;
    }

    @Override
    public Optional<byte[]> get(String key) {
        try (Jedis redis = pool.getResource()) {
            return Optional.ofNullable(redis.get((PREFIX + key).getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Override
    public void put(String key, byte[] answer) {
        if (ttl.isZero()) {
            return;
        }
        try (Jedis redis = pool.getResource()) {
            redis.psetex((PREFIX + key).getBytes(StandardCharsets.UTF_8), ttl.toMillis(), answer);
        }
    }

    @Override
    public void skipped() {
    }
}
