package com.bi.analysis;

import java.time.Duration;

import com.bi.analysis.data.TenantSettings;
import com.bi.analysis.domain.MetricQuery;
import com.bi.analysis.domain.QueryLimits;
import com.bi.common.config.Option;
import com.bi.common.config.OptionCatalog;
import com.bi.common.config.OptionGroup;
import com.bi.common.config.Settings;
import com.bi.orders.sink.KafkaOptions;

/** bi-analysis's own options: rollup locking and rebuilds, query limits, the order consumer. */
public record AnalysisOptions(String defaultTimeZone, Duration lockTimeout, Duration rebuildTimeout, int rebuildMaxAttempts,
                              Duration rebuildPoll, QueryLimits queryLimits, String kafkaGroup, int kafkaMaxPollRecords) {
    public static final Option<String> DEFAULT_TIME_ZONE = Option.string("bi.analysis.default.time.zone",
            TenantSettings.DEFAULT_ZONE, "a tenant's time zone (a region id) until it sets its own; days and weeks of rollups are in it");
    public static final Option<Duration> LOCK_TIMEOUT = Option.duration("bi.analysis.lock.timeout", Duration.ofSeconds(10),
            Duration.ofMillis(100), Duration.ofMinutes(5), "how long an ingest waits for the tenant's lock");
    public static final Option<Duration> REBUILD_TIMEOUT = Option.duration("bi.analysis.rebuild.timeout", Duration.ofMinutes(30),
            Duration.ofSeconds(1), Duration.ofHours(6), "the longest one rollup rebuild may run");
    public static final Option<Integer> REBUILD_MAX_ATTEMPTS = Option.integer("bi.analysis.rebuild.max.attempts", 20, 1, 1000,
            "attempts of a queued rollup rebuild before it is given up");
    public static final Option<Duration> REBUILD_POLL = Option.duration("bi.analysis.rebuild.poll", Duration.ofSeconds(1),
            Duration.ofMillis(10), Duration.ofMinutes(1), "how often the rollup-jobs worker looks for queued rebuilds");
    public static final Option<Duration> REBUILD_FAILED_REFRESH = Option.duration("bi.analysis.rebuild.failed.refresh",
            Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofMinutes(10),
            "how often the rollup-jobs worker recounts tenants whose newest rebuild FAILED (gauge bi_analysis_rollup_failed_tenants)");
    public static final Option<Integer> QUERY_MAX_DAYS = Option.integer("bi.analysis.query.max.days", MetricQuery.MAX_DAYS, 1,
            MetricQuery.MAX_DAYS, "longest date range of a metric query").unit("days");
    public static final Option<Integer> QUERY_FACTS_MAX_DAYS = Option.integer("bi.analysis.query.facts.max.days",
            QueryLimits.DEFAULT.maxFactDays(), 1, MetricQuery.MAX_DAYS,
            "longest date range of a query that reads order facts (buyers, SKU, category)").unit("days");
    public static final Option<Duration> QUERY_TIMEOUT = Option.duration("bi.analysis.query.timeout",
            QueryLimits.DEFAULT.timeout(), Duration.ofMillis(100), Duration.ofMinutes(5), "statement timeout of a metric query");
    public static final Option<String> KAFKA_GROUP = Option.string("bi.kafka.group", "bi-analysis", "consumer group of the order topic");
    public static final Option<Integer> KAFKA_MAX_POLL_RECORDS = Option.integer("bi.kafka.max.poll.records", 2000, 1, 50_000,
            "orders per consumer poll (one database transaction)");
    public static final Option<Duration> REJECTS_RETENTION = Option.duration("bi.analysis.rejects.retention", Duration.ofDays(90),
            Duration.ofDays(1), Duration.ofDays(3650), "rejected order payloads are deleted this long after they arrived (bi-cron retention)");

    public static final Option<String> CHANGES_REDIS_URL = Option.string("bi.analysis.changes.redis.url", null,
            "where the days an ingest changed are announced (a version per tenant and day) for bi-server's dashboard cache "
                    + "(the same Redis as bi.server.cache.redis.url); unset: not announced")
            .format("rediss?://[^/\\s]*[^/\\s:@][^/\\s]*(/.*)?", "redis://[user:password@]host:port[/db] or rediss://…").secret();
    public static final Option<Duration> CHANGES_REDIS_TIMEOUT = Option.duration("bi.analysis.changes.redis.timeout",
            Duration.ofMillis(250), Duration.ofMillis(10), Duration.ofSeconds(10), "bound of one announcement in Redis");

    public static final OptionGroup GROUP = OptionGroup.of("bi-analysis", "bi-analysis", DEFAULT_TIME_ZONE, LOCK_TIMEOUT,
            REBUILD_TIMEOUT, REBUILD_MAX_ATTEMPTS, REBUILD_POLL, REBUILD_FAILED_REFRESH, QUERY_MAX_DAYS, QUERY_FACTS_MAX_DAYS, QUERY_TIMEOUT,
            KAFKA_GROUP, KAFKA_MAX_POLL_RECORDS, REJECTS_RETENTION, CHANGES_REDIS_URL, CHANGES_REDIS_TIMEOUT);

    /** What bi-analysis reads beyond the kit: its own options and the order topic's. */
    public static final OptionCatalog CATALOG = OptionCatalog.of("bi-analysis", GROUP, KafkaOptions.GROUP);

    public static AnalysisOptions from(Settings s) {
        return new AnalysisOptions(s.get(DEFAULT_TIME_ZONE), s.get(LOCK_TIMEOUT), s.get(REBUILD_TIMEOUT),
                s.get(REBUILD_MAX_ATTEMPTS), s.get(REBUILD_POLL),
                new QueryLimits(s.get(QUERY_MAX_DAYS), s.get(QUERY_FACTS_MAX_DAYS), s.get(QUERY_TIMEOUT)),
                s.get(KAFKA_GROUP), s.get(KAFKA_MAX_POLL_RECORDS));
    }
}
