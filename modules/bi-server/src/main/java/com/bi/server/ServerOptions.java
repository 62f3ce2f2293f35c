package com.bi.server;

import java.time.Duration;

import com.bi.common.config.Option;
import com.bi.common.config.OptionCatalog;
import com.bi.common.config.OptionGroup;
import com.bi.common.config.Settings;

/** bi-server's own options: the dashboard answer cache, and how long a template dashboard may take to render. */
public record ServerOptions(Duration cacheTtl, int cacheSize, Duration redisTimeout, Duration templateRenderTimeout) {
    public static final Option<String> CACHE_REDIS_URL = Option.string("bi.server.cache.redis.url", null,
            "dashboard answers cached in Redis, shared by replicas, and invalidated by bi-analysis's day versions in the same Redis "
                    + "(bi.analysis.changes.redis.url); unset: cached in process for bi.server.cache.ttl")
            .format("rediss?://[^/\\s]*[^/\\s:@][^/\\s]*(/.*)?", "redis://[user:password@]host:port[/db] or rediss://…").secret();
    public static final Option<Duration> CACHE_TTL = Option.duration("bi.server.cache.ttl", Duration.ofMinutes(5),
            Duration.ZERO, Duration.ofHours(24), "how long a dashboard answer is reused (0: not cached)");
    public static final Option<Integer> CACHE_SIZE = Option.integer("bi.server.cache.size", 2_000, 0, 1_000_000,
            "dashboard answers kept in process (when no Redis is configured); the oldest go first");
    public static final Option<Duration> CACHE_REDIS_TIMEOUT = Option.duration("bi.server.cache.redis.timeout",
            Duration.ofMillis(250), Duration.ofMillis(10), Duration.ofSeconds(10),
            "bound of one cache call; a failing Redis is skipped (the answer is composed, not cached)");

    public static final Option<Duration> TEMPLATE_RENDER_TIMEOUT = Option.duration("bi.server.template.render.timeout",
            Duration.ofSeconds(15), Duration.ofSeconds(1), Duration.ofMinutes(5),
            "deadline of bi-template's Render for a template dashboard; keep it above bi.template.panel.timeout (10s), so a slow "
                    + "panel comes back marked TIMEOUT instead of the whole dashboard failing (List and Get use bi.peers.template.timeout)");

    public static final OptionGroup GROUP = OptionGroup.of("bi-server", "bi-server", CACHE_REDIS_URL, CACHE_TTL, CACHE_SIZE,
            CACHE_REDIS_TIMEOUT, TEMPLATE_RENDER_TIMEOUT);

    /** What bi-server reads beyond the kit. */
    public static final OptionCatalog CATALOG = OptionCatalog.of("bi-server", GROUP);

    public static ServerOptions from(Settings s) {
        return new ServerOptions(s.get(CACHE_TTL), s.get(CACHE_SIZE), s.get(CACHE_REDIS_TIMEOUT), s.get(TEMPLATE_RENDER_TIMEOUT));
    }
}
