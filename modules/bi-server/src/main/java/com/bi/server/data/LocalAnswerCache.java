package com.bi.server.data;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.bi.server.domain.AnswerCache;

/** Answers kept in this process: at most {@code maxEntries} (least recently used go first), each for {@code ttl}. */
public final class LocalAnswerCache implements AnswerCache {
    private record Cached(byte[] body, long expiresAtMillis) {
    }

    private final Map<String, Cached> entries;
    private final Duration ttl;
    private final Clock clock;

    public LocalAnswerCache(int maxEntries, Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public synchronized Optional<byte[]> get(String key) {
        Cached entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.expiresAtMillis() <= clock.millis()) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.body());
    }

    @Override
    public synchronized void put(String key, byte[] answer) {
        if (!ttl.isZero()) {
            entries.put(key, new Cached(answer, clock.millis() + ttl.toMillis()));
        }
    }

    @Override
    public void skipped() {
    }

    synchronized int size() {
        return entries.size();
    }
}
