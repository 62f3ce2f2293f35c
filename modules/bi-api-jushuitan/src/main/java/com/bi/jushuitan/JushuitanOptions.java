package com.bi.jushuitan;

import java.time.Duration;

import com.bi.common.config.Option;
import com.bi.common.config.OptionCatalog;
import com.bi.common.config.OptionGroup;
import com.bi.common.config.Settings;
import com.bi.jushuitan.data.HttpJushuitanClient;
import com.bi.jushuitan.domain.ShopSync;
import com.bi.jushuitan.domain.UpstreamPolicy;
import com.bi.orders.sink.KafkaOptions;

/** bi-api-jushuitan's own options: the upstream client and its guard, the sync windows, the job workers. */
public record JushuitanOptions(HttpJushuitanClient.Limits limits, ShopSync.Options sync, Duration minInterval,
                               String upstreamSchemes, String upstreamHosts, String upstreamTrustedNetworks, int workers,
                               Duration poll, Duration maintenanceInterval, Duration schedule, String baseUrl,
                               Duration initialLookback) {
    public static final Option<Duration> TIMEOUT = Option.duration("bi.jushuitan.timeout", Duration.ofSeconds(10),
            Duration.ofMillis(100), Duration.ofMinutes(2), "connect and response-headers timeout of an upstream call");
    public static final Option<Duration> CALL_TIMEOUT = Option.duration("bi.jushuitan.call.timeout", Duration.ofSeconds(30),
            Duration.ofMillis(100), Duration.ofMinutes(5), "the longest one upstream call may take, body included");
    public static final Option<Long> MAX_BODY = Option.size("bi.jushuitan.max.body", 8L << 20, 1024, 256L << 20,
            "largest upstream response body read");
    public static final Option<Duration> LEASE = Option.duration("bi.jushuitan.lease", Duration.ofMinutes(2),
            Duration.ofSeconds(1), Duration.ofHours(1), "a sync's lease on its shop and job, renewed while it runs");
    public static final Option<Duration> WINDOW = Option.duration("bi.jushuitan.window", Duration.ofDays(1),
            Duration.ofMinutes(1), Duration.ofDays(7), "backfill window of modified time per request series");
    public static final Option<Duration> LAG = Option.duration("bi.jushuitan.lag", Duration.ofMinutes(2), Duration.ZERO,
            Duration.ofHours(1), "syncs stop this far behind now, so late-committed upstream writes are not skipped");
    public static final Option<Integer> PAGE_SIZE = Option.integer("bi.jushuitan.page.size", 100, 1, 100, "orders per upstream page");
    public static final Option<Integer> MAX_WINDOWS = Option.integer("bi.jushuitan.max.windows", 200, 1, 10_000,
            "windows one sync run may read");
    public static final Option<Integer> MAX_PAGES = Option.integer("bi.jushuitan.max.pages", 1000, 1, 100_000,
            "pages one sync run may read");
    public static final Option<Integer> RETRIES = Option.integer("bi.jushuitan.retries", 5, 0, 20,
            "retries of a failed upstream call");
    public static final Option<Duration> BACKOFF = Option.duration("bi.jushuitan.backoff", Duration.ofMillis(500),
            Duration.ZERO, Duration.ofMinutes(1), "first backoff between retries (doubling)");
    public static final Option<Duration> RATE_BACKOFF = Option.duration("bi.jushuitan.rate.backoff", Duration.ofSeconds(1),
            Duration.ZERO, Duration.ofMinutes(1), "backoff after the upstream's rate-limit answer");
    public static final Option<Duration> MIN_INTERVAL = Option.duration("bi.jushuitan.min.interval", Duration.ofMillis(220),
            Duration.ZERO, Duration.ofSeconds(10), "least time between two calls for one app key (the vendor's rate)");
    public static final Option<String> UPSTREAM_SCHEMES = Option.string("bi.jushuitan.upstream.schemes", "https",
            "schemes a shop's base URL may use");
    public static final Option<String> UPSTREAM_HOSTS = Option.string("bi.jushuitan.upstream.hosts", UpstreamPolicy.DEFAULT_HOSTS,
            "hosts a shop's base URL may name (comma-separated)");
    public static final Option<String> UPSTREAM_TRUSTED_NETWORKS = Option.string("bi.jushuitan.upstream.trusted.networks", "",
            "CIDRs an allowed host may resolve into although private (test doubles only)");
    public static final Option<Integer> WORKERS = Option.integer("bi.jushuitan.workers", 2, 0, 32, "sync job runners per replica");
    public static final Option<Duration> POLL = Option.duration("bi.jushuitan.poll", Duration.ofSeconds(1),
            Duration.ofMillis(10), Duration.ofMinutes(1), "how often an idle job runner looks for queued jobs");
    public static final Option<Duration> MAINTENANCE_INTERVAL = Option.duration("bi.jushuitan.maintenance.interval",
            Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1),
            "gauges, unreadable credentials and re-sealing pass");
    public static final Option<Duration> SCHEDULE = Option.duration("bi.jushuitan.schedule", Duration.ZERO, Duration.ZERO,
            Duration.ofDays(1), "enqueue a sync of every tenant this often (0s: off; bi-cron triggers)");
    public static final Option<String> BASE_URL = Option.string("bi.jushuitan.base.url", "https://openapi.jushuitan.com",
            "a new shop's base URL when it names none");
    public static final Option<Duration> INITIAL_LOOKBACK = Option.duration("bi.jushuitan.initial.lookback", Duration.ofDays(7),
            Duration.ZERO, Duration.ofDays(1095), "how far back a new shop's first sync starts");

    public static final OptionGroup GROUP = OptionGroup.of("bi-api-jushuitan", "bi-api-jushuitan", TIMEOUT, CALL_TIMEOUT,
            MAX_BODY, LEASE, WINDOW, LAG, PAGE_SIZE, MAX_WINDOWS, MAX_PAGES, RETRIES, BACKOFF, RATE_BACKOFF, MIN_INTERVAL,
            UPSTREAM_SCHEMES, UPSTREAM_HOSTS, UPSTREAM_TRUSTED_NETWORKS, WORKERS, POLL, MAINTENANCE_INTERVAL, SCHEDULE,
            BASE_URL, INITIAL_LOOKBACK);

    /** What bi-api-jushuitan reads beyond the kit: its own options and the order topic's (its sink). */
    public static final OptionCatalog CATALOG = OptionCatalog.of("bi-api-jushuitan", GROUP, KafkaOptions.GROUP);

    public static JushuitanOptions from(Settings s) {
        Duration timeout = s.get(TIMEOUT);
        HttpJushuitanClient.Limits limits = new HttpJushuitanClient.Limits(timeout, s.get(CALL_TIMEOUT), s.get(MAX_BODY));
        Duration lease = s.get(LEASE);
        ShopSync.Options sync = new ShopSync.Options(s.get(WINDOW), s.get(LAG), s.get(PAGE_SIZE), s.get(MAX_WINDOWS),
                s.get(MAX_PAGES), s.get(RETRIES), s.get(BACKOFF), s.get(RATE_BACKOFF), lease);
        return new JushuitanOptions(limits, sync, s.get(MIN_INTERVAL), s.get(UPSTREAM_SCHEMES), s.get(UPSTREAM_HOSTS),
                s.get(UPSTREAM_TRUSTED_NETWORKS), s.get(WORKERS), s.get(POLL), s.get(MAINTENANCE_INTERVAL), s.get(SCHEDULE),
                s.get(BASE_URL), s.get(INITIAL_LOOKBACK));
    }
}
