package com.bi.common.cache;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.bi.common.config.InvalidConfigException;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * The change counter of a tenant's order days, shared in Redis between the writer of orders (bi-analysis bumps the
 * days an ingest changed, or every day after a rebuild) and the readers that cache answers over days (bi-server
 * puts the {@link #stamp} of an answer's days into its cache key, so new orders for a day make every cached answer
 * over that day unreachable at once, on every replica, without a message that could be missed).
 *
 * <p>One Redis hash per tenant, {@code <prefix><tenant>}: a field per day ({@code yyyy-MM-dd}) and {@value #ALL_DAYS}
 * for changes to every day; reading a stamp is one HMGET. Failures throw (the caller decides: the writer logs and
 * counts, the reader skips its cache).
 */
public final class OrderDayVersions implements AutoCloseable {
    /** The field bumped when every day of a tenant changed (a time zone change, a rollup rebuild). */
    public static final String ALL_DAYS = "all";
    /** The default key prefix. */
    public static final String PREFIX = "bi:orders:days:";
    private static final int MAX_STAMP_DAYS = 1_000;

    private final JedisPool pool;
    private final String prefix;

    private OrderDayVersions(JedisPool pool, String prefix) {
        this.pool = pool;
        this.prefix = prefix;
    }

    /**
     * @param redisUrl {@code redis://[user:password@]host:port[/db]} or {@code rediss://…}
     * @param key      the configuration key the URL came from (named when it is malformed; the value never is)
     */
    public static OrderDayVersions connect(String redisUrl, Duration timeout, String key) {
        URI uri;
        try {
            uri = URI.create(redisUrl);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new InvalidConfigException(key, "must be redis://[user:password@]host:port[/db] or rediss://…");
        }
        GenericObjectPoolConfig<Jedis> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(32);
        config.setMaxIdle(8);
        config.setMaxWait(timeout);
        int millis = (int) timeout.toMillis();
        return new OrderDayVersions(new JedisPool(config, uri, millis, millis), PREFIX);
    }

    /** The pool, for a caller that keeps more in the same Redis (bi-server's answer cache). */
    public JedisPool pool() {
        return pool;
    }

    /** Marks {@code days} of {@code tenant} changed (one round trip). */
    public void bump(String tenant, Collection<LocalDate> days) {
        if (days.isEmpty()) {
            return;
        }
        try (Jedis redis = pool.getResource()) {
            var pipeline = redis.pipelined();
            for (LocalDate day : days) {
                pipeline.hincrBy(prefix + tenant, day.toString(), 1);
            }
            pipeline.sync();
        }
    }

    /** Marks every day of {@code tenant} changed. */
    public void bumpAll(String tenant) {
        try (Jedis redis = pool.getResource()) {
            redis.hincrBy(prefix + tenant, ALL_DAYS, 1);
        }
    }

    /**
     * The versions of {@code from..to} (inclusive) and of {@value #ALL_DAYS}, as one string: it changes whenever one
     * of those days changes. At most {@value #MAX_STAMP_DAYS} days.
     */
    public String stamp(String tenant, LocalDate from, LocalDate to) {
        List<String> fields = new ArrayList<>();
        fields.add(ALL_DAYS);
        for (LocalDate day = from; !day.isAfter(to) && fields.size() <= MAX_STAMP_DAYS; day = day.plusDays(1)) {
            fields.add(day.toString());
        }
        List<String> values;
        try (Jedis redis = pool.getResource()) {
            values = redis.hmget(prefix + tenant, fields.toArray(String[]::new));
        }
        StringBuilder stamp = new StringBuilder();
        for (String value : values) {
            stamp.append(value == null ? "0" : value).append('.');
        }
        return stamp.toString();
    }

    @Override
    public void close() {
        pool.close();
    }
}
