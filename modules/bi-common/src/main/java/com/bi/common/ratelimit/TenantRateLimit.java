package com.bi.common.ratelimit;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.Settings;
import com.bi.common.error.ApiException;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * The tenant's {@code api_rate_per_minute} (bi-tenant's quota) at the service edge: every authenticated
 * {@code /api/**} request counts against its tenant's quota in a fixed one-minute window that starts with the
 * window's first request; above the quota the request gets 429 problem+json with {@code Retry-After} (the seconds
 * left in the window) and {@code bi_rate_limited_requests_total} counts it. Observe endpoints, public paths and gRPC
 * calls never count.
 *
 * <p>With {@code bi.ratelimit.redis.url} the count is shared by every replica (one atomic Lua script: INCR, PEXPIRE
 * on the window's first request, PTTL). When Redis cannot be used (each call bounded by
 * {@code bi.ratelimit.redis.timeout}), the limit fails open to this replica's own count — a warning at most once a
 * minute, {@code bi_rate_limit_redis_failures_total}, and Redis left alone for 5 s — so a Redis outage never takes
 * the API down. Without a Redis URL each replica counts for itself.
 */
public final class TenantRateLimit implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TenantRateLimit.class.getName());
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration REDIS_PAUSE = Duration.ofSeconds(5);
    private static final int MAX_LOCAL_WINDOWS = 100_000;
    // atomic on the server: the count, and the window's expiry set by its first request (or repaired if lost)
    private static final String SCRIPT = """
            local n = redis.call('INCR', KEYS[1])
            local ttl = redis.call('PTTL', KEYS[1])
            if n == 1 or ttl < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              ttl = tonumber(ARGV[1])
            end
            return {n, ttl}
            """;

    /** Where a tenant's quota comes from: requests per minute, or empty for no limit. */
    @FunctionalInterface
    public interface Quotas {
        OptionalInt perMinute(String tenant, String bearerToken);
    }

    /** One request's outcome: its number in the window, and the milliseconds until the window ends. */
    public record Decision(boolean allowed, long count, long windowLeftMillis) {
        public long retryAfterSeconds() {
            return Math.max(1, (windowLeftMillis + 999) / 1000);
        }
    }

    private record Window(long endsAtMillis, long count) {
    }

    private final Quotas quotas;
    private final JedisPool redis;
    private final String prefix;
    private final Counter limited;
    private final Counter redisFailures;
    private final Map<String, Window> local = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.EPOCH);
    private volatile long redisPausedUntilMillis;

    /**
     * @param redisUrl {@code redis://[user:password@]host:port[/db]} ({@code rediss://} for TLS), or null to count
     *                 in this process only
     */
    public TenantRateLimit(Quotas quotas, String redisUrl, Duration redisTimeout, String keyPrefix, MeterRegistry registry) {
        this.quotas = quotas;
        this.prefix = keyPrefix;
        this.limited = registry.getOrCreate(Counter.builder("bi.rate.limited.requests")
                .description("Requests refused with 429 because their tenant's api_rate_per_minute was used up"));
        this.redisFailures = registry.getOrCreate(Counter.builder("bi.rate.limit.redis.failures")
                .description("Rate-limit checks that could not use Redis and counted in this process instead")
                .tags(List.of(Tag.create("store", "redis"))));
        if (redisUrl == null) {
            this.redis = null;
            return;
        }
        GenericObjectPoolConfig<Jedis> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(32);
        pool.setMaxIdle(8);
        pool.setMaxWait(redisTimeout); // an exhausted pool is a failure too, not a queue
        int millis = (int) redisTimeout.toMillis();
        this.redis = new JedisPool(pool, URI.create(redisUrl), millis, millis);
    }

    /** {@code bi.ratelimit.redis.url} (none), {@code bi.ratelimit.redis.timeout} (250ms), {@code bi.ratelimit.redis.prefix} ({@code bi:ratelimit:}). */
    public static TenantRateLimit fromSettings(Settings settings, Quotas quotas, MeterRegistry registry) {
        // read raw: the URI check below is stricter than the declared shape and must not echo the value either
        String url = settings.optionalString(RateLimitOptions.REDIS_URL.key()).orElse(null);
        if (url != null) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || !("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) || uri.getHost() == null) {
                // the value may carry a password: never echo it
                throw new InvalidConfigException(RateLimitOptions.REDIS_URL.key(), "must be redis://[user:password@]host:port[/db] or rediss://…");
            }
        }
        return new TenantRateLimit(quotas, url, settings.get(RateLimitOptions.REDIS_TIMEOUT),
                settings.get(RateLimitOptions.REDIS_PREFIX), registry);
    }

    /** Counts one request of {@code tenant}; a 429 {@link ApiException} with Retry-After when its quota is used up. */
    public void check(String tenant, String bearerToken) {
        OptionalInt quota = quotas.perMinute(tenant, bearerToken);
        if (quota.isEmpty() || quota.getAsInt() <= 0) {
            return;
        }
        Decision decision = acquire(tenant, quota.getAsInt());
        if (!decision.allowed()) {
            limited.increment();
            throw new ApiException(429, "Too Many Requests", "tenant '" + tenant + "' has used its " + quota.getAsInt()
                    + " API requests per minute; retry in " + decision.retryAfterSeconds() + " s")
                    .retryAfter(decision.retryAfterSeconds());
        }
    }

    /** Counts one request against {@code perMinute}: in Redis when configured and reachable, else in this process. */
    public Decision acquire(String tenant, int perMinute) {
        if (redis != null && System.currentTimeMillis() >= redisPausedUntilMillis) {
            try (Jedis connection = redis.getResource()) {
                Object result = connection.eval(SCRIPT, List.of(prefix + tenant), List.of(Long.toString(WINDOW.toMillis())));
                List<?> values = (List<?>) result;
                long count = ((Number) values.get(0)).longValue();
                long left = ((Number) values.get(1)).longValue();
                return new Decision(count <= perMinute, count, left);
            } catch (RuntimeException e) {
                redisPausedUntilMillis = System.currentTimeMillis() + REDIS_PAUSE.toMillis();
                redis.clear(); // idle connections to a failed Redis are broken too: reconnect after the pause
                redisFailures.increment();
                warn("the rate-limit store (Redis) failed (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + "); counting per replica for " + REDIS_PAUSE.toSeconds() + " s");
            }
        } else if (redis != null) {
            redisFailures.increment();
        }
        return acquireLocally(tenant, perMinute);
    }

    private Decision acquireLocally(String tenant, int perMinute) {
        long now = System.currentTimeMillis();
        if (local.size() >= MAX_LOCAL_WINDOWS) {
            local.values().removeIf(window -> window.endsAtMillis() <= now);
        }
        Window window = local.compute(tenant, (key, current) -> current == null || current.endsAtMillis() <= now
                ? new Window(now + WINDOW.toMillis(), 1)
                : new Window(current.endsAtMillis(), current.count() + 1));
        return new Decision(window.count() <= perMinute, window.count(), window.endsAtMillis() - now);
    }

    private void warn(String message) {
        Instant now = Instant.now();
        Instant last = lastWarning.get();
        if (now.isAfter(last.plusSeconds(60)) && lastWarning.compareAndSet(last, now)) {
            LOG.warning(message);
        }
    }

    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
    }
}
