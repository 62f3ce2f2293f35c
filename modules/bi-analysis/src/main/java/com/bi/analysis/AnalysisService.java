package com.bi.analysis;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import com.bi.analysis.api.AnalysisGrpcService;
import com.bi.analysis.api.AnalysisRoutes;
import com.bi.analysis.data.JdbcMetricQueries;
import com.bi.analysis.data.JdbcOrderStore;
import com.bi.analysis.data.JdbcRollupJobs;
import com.bi.analysis.data.KafkaOrderConsumer;
import com.bi.analysis.data.RedisDayChanges;
import com.bi.analysis.data.TenantSettings;
import com.bi.analysis.domain.Analysis;
import com.bi.analysis.domain.QueryLimits;
import com.bi.common.cache.OrderDayVersions;
import com.bi.common.config.Settings;
import com.bi.common.data.Jdbc;
import com.bi.common.maintenance.RetentionPolicy;
import com.bi.common.server.DeclaredService;
import com.bi.common.server.Platform;
import com.bi.common.server.Wiring;
import com.bi.common.work.Worker;
import com.bi.orders.sink.KafkaOptions;
import com.bi.orders.sink.KafkaTopics;
import com.bi.orders.sink.OrderSinks;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;

/**
 * bi-analysis, declared: order facts, daily rollups and the metric query engine over PostgreSQL; its workers run
 * queued rollup rebuilds and — when Kafka is configured — consume the order topic.
 */
public final class AnalysisService extends DeclaredService {
    public static final String NAME = AnalysisOptions.CATALOG.service();
    /** The worker that runs queued rollup rebuilds. */
    public static final String ROLLUP_JOBS = "rollup-jobs";
    private static final Logger LOG = Logger.getLogger(AnalysisService.class.getName());
    /** The gauge's value (one service per JVM; the registry outlives a runtime, so the state is not per runtime). */
    static final AtomicLong FAILED_TENANTS = new AtomicLong();

    public AnalysisService() {
        super(AnalysisOptions.CATALOG);
    }

    @Override
    public Wiring wire(Platform platform) {
        Analysis analysis = analysis(platform);
        Wiring.Builder wiring = Wiring.builder(analysis)
                .http(routing -> AnalysisRoutes.register(routing, analysis))
                .grpc(new AnalysisGrpcService(analysis))
                .retention(platform, new RetentionPolicy("analysis-rejects", "ingest_reject", "received_at",
                        AnalysisOptions.REJECTS_RETENTION))
                // one rebuild at a time per replica, one per tenant across replicas
                .worker(rollupJobs(platform, analysis), platform.settings().get(AnalysisOptions.REBUILD_POLL));
        // a failing batch is retried with backoff; the consumer blocks in poll, so no idle delay
        consumer(platform, analysis).ifPresent(consumer -> wiring.worker(consumer, Duration.ZERO));
        if (analysis.store() instanceof JdbcOrderStore store && store.dayChanges() instanceof RedisDayChanges changes) {
            wiring.closeOnStop(changes);
        }
        return wiring.build();
    }

    /**
     * The use cases over PostgreSQL. Keys (README "Config"): {@code bi.analysis.lock.timeout},
     * {@code bi.analysis.rebuild.timeout}, {@code bi.analysis.rebuild.max.attempts}, {@code bi.analysis.query.timeout},
     * {@code bi.analysis.query.max.days}, {@code bi.analysis.query.facts.max.days}.
     */
    static Analysis analysis(Platform platform) {
        Jdbc jdbc = platform.jdbc();
        AnalysisOptions options = AnalysisOptions.from(platform.settings());
        TenantSettings zones = new TenantSettings(jdbc, options.defaultTimeZone());
        Duration lockTimeout = options.lockTimeout();
        Duration rebuildTimeout = options.rebuildTimeout();
        JdbcOrderStore store = new JdbcOrderStore(platform.database().dataSource(), jdbc, zones, lockTimeout, rebuildTimeout);
        dayChanges(platform).ifPresent(store::dayChanges);
        Counter failedJobs = platform.metrics().getOrCreate(Counter.builder("bi.analysis.rollup.jobs.failed")
                .description("Rollup rebuild jobs that ended FAILED after all their attempts"));
        JdbcRollupJobs jobs = new JdbcRollupJobs(jdbc, store, zones, rebuildTimeout.plus(lockTimeout).plusMinutes(1),
                options.rebuildMaxAttempts(), failedJobs::increment);
        QueryLimits limits = options.queryLimits();
        return new Analysis(store, new JdbcMetricQueries(jdbc, zones, limits.timeout()), zones, jobs, limits);
    }

    /**
     * Announcements of changed days for bi-server's dashboard cache, when {@code bi.analysis.changes.redis.url} is set
     * (closed on stop, see {@link #wire}).
     */
    static Optional<RedisDayChanges> dayChanges(Platform platform) {
        // read raw: the URL may carry a password; OrderDayVersions names the key, never the value, when it is malformed
        return platform.settings().optionalString(AnalysisOptions.CHANGES_REDIS_URL.key())
                .map(url -> new RedisDayChanges(OrderDayVersions.connect(url, platform.settings().get(AnalysisOptions.CHANGES_REDIS_TIMEOUT),
                        AnalysisOptions.CHANGES_REDIS_URL.key()), platform.metrics()));
    }

    /**
     * The worker {@value #ROLLUP_JOBS}, polling every {@code bi.analysis.rebuild.poll} (1s) when idle. Every
     * {@code bi.analysis.rebuild.failed.refresh} (30s) it also counts the tenants whose newest rebuild FAILED into the
     * gauge {@code bi_analysis_rollup_failed_tenants} (alert BiAnalysisRollupFailed).
     */
    static Worker rollupJobs(Platform platform, Analysis analysis) {
        long refreshNanos = platform.settings().get(AnalysisOptions.REBUILD_FAILED_REFRESH).toNanos();
        platform.metrics().getOrCreate(Gauge.builder("bi.analysis.rollup.failed.tenants", FAILED_TENANTS, AtomicLong::doubleValue)
                .description("Tenants whose newest rollup rebuild ended FAILED (their pay days and rollups are stale)"));
        return new Worker() {
            private long refreshedAt = System.nanoTime() - refreshNanos;

            @Override
            public String name() {
                return ROLLUP_JOBS;
            }

            @Override
            public boolean runOnce() {
                boolean ran = analysis.jobs().runNext();
                if (System.nanoTime() - refreshedAt >= refreshNanos) {
                    FAILED_TENANTS.set(analysis.jobs().failedTenants());
                    refreshedAt = System.nanoTime();
                }
                return ran;
            }
        };
    }

    /**
     * The order-topic consumer, when {@code kafka.bootstrap.servers} ({@code KAFKA_BOOTSTRAP_SERVERS}) is set:
     * group {@code bi.kafka.group} (default bi-analysis), topic {@code bi.kafka.topic.orders} (default bi.orders.v1).
     */
    public static Optional<KafkaOrderConsumer> consumer(Platform platform, Analysis analysis) {
        Settings settings = platform.settings();
        return OrderSinks.kafkaBootstrap(settings).map(bootstrap -> {
            String topic = OrderSinks.topic(settings);
            KafkaOptions kafka = KafkaOptions.from(settings);
            AnalysisOptions options = AnalysisOptions.from(settings);
            KafkaTopics.ensure(bootstrap, topic, kafka.partitions(), kafka.replication());
            KafkaOrderConsumer consumer = new KafkaOrderConsumer(bootstrap, topic, options.kafkaGroup(),
                    options.kafkaMaxPollRecords(), analysis.store());
            LOG.info(() -> "consuming " + topic + " from " + bootstrap);
            return consumer;
        });
    }
}
