package com.bi.server.data;

import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import com.bi.server.domain.AnswerCache;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

/**
 * Counts what the cache did in {@code bi_server_dashboard_cache_total{store, outcome="hit|miss|skip"}} (the hit rate
 * is hit / (hit + miss)); a failed put is counted as a skip and logged, never an error of the answer.
 */
public final class CountingAnswerCache implements AnswerCache {
    private static final Logger LOG = Logger.getLogger(CountingAnswerCache.class.getName());
    private final AnswerCache cache;
    private final Counter hits;
    private final Counter misses;
    private final Counter skips;

    public CountingAnswerCache(AnswerCache cache, String store, MeterRegistry registry) {
        this.cache = cache;
        this.hits = counter(registry, store, "hit");
        this.misses = counter(registry, store, "miss");
        this.skips = counter(registry, store, "skip");
    }

    private static Counter counter(MeterRegistry registry, String store, String outcome) {
        return registry.getOrCreate(Counter.builder("bi.server.dashboard.cache")
                .description("Dashboard answers by cache outcome: hit, miss (composed and cached), skip (the cache could not be used)")
                .tags(List.of(Tag.create("store", store), Tag.create("outcome", outcome))));
    }

    @Override
    public Optional<byte[]> get(String key) {
        Optional<byte[]> answer = cache.get(key);
        (answer.isPresent() ? hits : misses).increment();
        return answer;
    }

    @Override
    public void put(String key, byte[] answer) {
        try {
            cache.put(key, answer);
        } catch (RuntimeException e) {
            skips.increment();
            LOG.warning("a dashboard answer could not be cached: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public void skipped() {
        skips.increment();
    }

    public double count(String outcome) {
        return switch (outcome) {
            case "hit" -> hits.count();
            case "miss" -> misses.count();
            default -> skips.count();
        };
    }
}
