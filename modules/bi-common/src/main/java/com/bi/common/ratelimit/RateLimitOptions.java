package com.bi.common.ratelimit;

import java.time.Duration;
import java.util.Optional;

import com.bi.common.config.Option;
import com.bi.common.config.OptionGroup;
import com.bi.common.config.Settings;

/** The per-tenant request rate limit at every service's edge, counted in Redis when configured. */
public record RateLimitOptions(Optional<Boolean> enabled, Optional<String> redisUrl, Duration redisTimeout,
                               String redisPrefix) {
    public static final Option<Boolean> ENABLED = Option.bool("bi.ratelimit.enabled", true,
            "enforce the tenant's api_rate_per_minute (bi-tenant quota) at the edge: 429 problem+json + Retry-After, bi_rate_limited_requests_total")
            .defaultText("on where the kit's tenant check is on");
    public static final Option<String> REDIS_URL = Option.string("bi.ratelimit.redis.url", null,
            "one count per tenant across replicas (an atomic Lua script); unset: counted per replica")
            .format("rediss?://[^/\\s]*[^/\\s:@][^/\\s]*(/.*)?", "redis://[user:password@]host:port[/db] or rediss://…").secret();
    public static final Option<Duration> REDIS_TIMEOUT = Option.duration("bi.ratelimit.redis.timeout", Duration.ofMillis(250),
            Duration.ofMillis(10), Duration.ofSeconds(10), "Redis call bound; an outage falls back to per-replica counting, counted in bi_rate_limit_redis_failures_total");
    public static final Option<String> REDIS_PREFIX = Option.string("bi.ratelimit.redis.prefix", "bi:ratelimit:", "Redis key prefix");

    public static final OptionGroup GROUP = OptionGroup.of("ratelimit", "Tenant rate limit", ENABLED, REDIS_URL,
            REDIS_TIMEOUT, REDIS_PREFIX);

    public static RateLimitOptions from(Settings s) {
        return new RateLimitOptions(s.optional(ENABLED), s.optional(REDIS_URL), s.get(REDIS_TIMEOUT), s.get(REDIS_PREFIX));
    }

    @Override
    public String toString() {
        return "RateLimitOptions[enabled=" + enabled + ", redis=" + (redisUrl.isPresent() ? "***" : "none")
                + ", redisTimeout=" + redisTimeout + ", redisPrefix=" + redisPrefix + "]";
    }
}
