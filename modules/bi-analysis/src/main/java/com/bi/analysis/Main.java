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
import com.bi.analysis.data.TenantSettings;
import com.bi.analysis.domain.Analysis;
import com.bi.analysis.domain.MetricQuery;
import com.bi.analysis.domain.QueryLimits;
import com.bi.common.config.Settings;
import com.bi.common.data.Jdbc;
import com.bi.common.grpc.GrpcServices;
import com.bi.common.server.ServiceKit;
import com.bi.common.work.Worker;
import com.bi.orders.sink.KafkaTopics;
import com.bi.orders.sink.OrderSinks;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.http.HttpRouting;

/** bi-analysis: order facts, daily rollups, the metric query engine. HTTP 8006, gRPC 9006. */
public final class Main {
    public static final String NAME = "bi-analysis";
    private static final Logger LOG = Logger.getLogger(Main.class.getName());
    /** The gauge's value (one service per JVM; the registry outlives a kit, so the state is not per kit). */
    static final AtomicLong FAILED_TENANTS = new AtomicLong();

    private Main() {
    }

    public static void main(String[] args) {
        ServiceKit.launch(NAME, Main::start);
    }

    static WebServer start(ServiceKit kit) {
        Analysis analysis = analysis(kit);
        WebServer server = kit.serve(routing -> routing(routing, analysis), grpc -> grpc(grpc, analysis));
        rollupJobs(kit, analysis);
        consumer(kit, analysis);
        return server;
    }

    /**
     * The use cases over PostgreSQL (the kit starts the pool and runs the migrations). Keys (README "Config"):
     * {@code bi.analysis.lock.timeout}, {@code bi.analysis.rebuild.timeout}, {@code bi.analysis.rebuild.max.attempts},
     * {@code bi.analysis.query.timeout}, {@code bi.analysis.query.max.days}, {@code bi.analysis.query.facts.max.days}.
     */
    public static Analysis analysis(ServiceKit kit) {
        Jdbc jdbc = kit.jdbc();
        Settings s = kit.settings();
        TenantSettings zones = new TenantSettings(jdbc, s.string("bi.analysis.default.time.zone", TenantSettings.DEFAULT_ZONE));
        Duration lockTimeout = s.duration("bi.analysis.lock.timeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(5));
        Duration rebuildTimeout = s.duration("bi.analysis.rebuild.timeout", Duration.ofMinutes(30), Duration.ofSeconds(1), Duration.ofHours(6));
        JdbcOrderStore store = new JdbcOrderStore(kit.database().dataSource(), jdbc, zones, lockTimeout, rebuildTimeout);
        Counter failedJobs = kit.metrics().getOrCreate(Counter.builder("bi.analysis.rollup.jobs.failed")
                .description("Rollup rebuild jobs that ended FAILED after all their attempts"));
        JdbcRollupJobs jobs = new JdbcRollupJobs(jdbc, store, zones, rebuildTimeout.plus(lockTimeout).plusMinutes(1),
                s.intInRange("bi.analysis.rebuild.max.attempts", 20, 1, 1000), failedJobs::increment);
        QueryLimits limits = new QueryLimits(s.intInRange("bi.analysis.query.max.days", MetricQuery.MAX_DAYS, 1, MetricQuery.MAX_DAYS),
                s.intInRange("bi.analysis.query.facts.max.days", QueryLimits.DEFAULT.maxFactDays(), 1, MetricQuery.MAX_DAYS),
                s.duration("bi.analysis.query.timeout", QueryLimits.DEFAULT.timeout(), Duration.ofMillis(100), Duration.ofMinutes(5)));
        return new Analysis(store, new JdbcMetricQueries(jdbc, zones, limits.timeout()), zones, jobs, limits);
    }

    /**
     * The worker {@value #ROLLUP_JOBS} that runs queued rollup rebuilds (one at a time per replica; one per tenant
     * across replicas), polling every {@code bi.analysis.rebuild.poll} (1s). Every {@code bi.analysis.rebuild.failed.refresh}
     * (30s) it also counts the tenants whose newest rebuild FAILED into the gauge {@code bi_analysis_rollup_failed_tenants}
     * (alert BiAnalysisRollupFailed).
     */
    public static void rollupJobs(ServiceKit kit, Analysis analysis) {
        Duration poll = kit.settings().duration("bi.analysis.rebuild.poll", Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMinutes(1));
        long refreshNanos = kit.settings().duration("bi.analysis.rebuild.failed.refresh", Duration.ofSeconds(30),
                Duration.ofMillis(10), Duration.ofMinutes(10)).toNanos();
        kit.metrics().getOrCreate(Gauge.builder("bi.analysis.rollup.failed.tenants", FAILED_TENANTS, AtomicLong::doubleValue)
                .description("Tenants whose newest rollup rebuild ended FAILED (their pay days and rollups are stale)"));
        kit.workers().start(new Worker() {
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
        }, poll);
    }

    public static final String ROLLUP_JOBS = "rollup-jobs";

    /**
     * The order-topic consumer, when {@code kafka.bootstrap.servers} ({@code KAFKA_BOOTSTRAP_SERVERS}) is set:
     * group {@code bi.kafka.group} (default bi-analysis), topic {@code bi.kafka.topic.orders} (default bi.orders.v1).
     */
    public static Optional<KafkaOrderConsumer> consumer(ServiceKit kit, Analysis analysis) {
        Settings settings = kit.settings();
        return OrderSinks.kafkaBootstrap(settings).map(bootstrap -> {
            String topic = OrderSinks.topic(settings);
            KafkaTopics.ensure(bootstrap, topic, settings.intInRange("bi.kafka.topic.partitions", 6, 1, 1000),
                    (short) settings.intInRange("bi.kafka.topic.replication", 1, 1, 5));
            KafkaOrderConsumer consumer = new KafkaOrderConsumer(bootstrap, topic, settings.string("bi.kafka.group", NAME),
                    settings.intInRange("bi.kafka.max.poll.records", 2000, 1, 50_000), analysis.store());
            // supervised by the kit: a failing batch is retried with backoff, a dead loop makes readiness DOWN
            kit.workers().start(consumer, Duration.ZERO);
            LOG.info(() -> "consuming " + topic + " from " + bootstrap);
            return consumer;
        });
    }

    public static void routing(HttpRouting.Builder routing, Analysis analysis) {
        AnalysisRoutes.register(routing, analysis);
    }

    public static void grpc(GrpcRouting.Builder grpc, Analysis analysis) {
        grpc.service(GrpcServices.guarded(new AnalysisGrpcService(analysis)));
    }
}
