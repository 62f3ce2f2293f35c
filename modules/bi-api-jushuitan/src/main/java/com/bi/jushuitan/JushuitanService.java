package com.bi.jushuitan;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import com.bi.common.config.InvalidConfigException;
import com.bi.common.security.SecretBox;
import com.bi.common.server.DeclaredService;
import com.bi.common.server.Platform;
import com.bi.common.server.Wiring;
import com.bi.common.work.Worker;
import com.bi.jushuitan.api.JushuitanGrpcService;
import com.bi.jushuitan.api.JushuitanRoutes;
import com.bi.jushuitan.data.HttpJushuitanClient;
import com.bi.jushuitan.data.JdbcJobs;
import com.bi.jushuitan.data.JdbcShops;
import com.bi.jushuitan.data.UpstreamGuard;
import com.bi.jushuitan.domain.Pacing;
import com.bi.jushuitan.domain.ShopStore;
import com.bi.jushuitan.domain.ShopSync;
import com.bi.jushuitan.domain.SyncJobs;
import com.bi.jushuitan.domain.UpstreamPolicy;
import com.bi.orders.sink.OrderSink;
import com.bi.orders.sink.OrderSinks;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;

/**
 * bi-api-jushuitan, declared: shops' credentials and sync jobs over PostgreSQL, pulling orders from the Jushuitan
 * open API into order events (Kafka or bi-analysis's Ingest). Its workers run queued jobs, keep the credential gauges
 * and re-seal credentials, and — when {@code bi.jushuitan.schedule} is set — enqueue every tenant on a schedule.
 */
public final class JushuitanService extends DeclaredService {
    public static final String NAME = JushuitanOptions.CATALOG.service();
    private static final Logger LOG = Logger.getLogger(JushuitanService.class.getName());

    /** The gauges' values (one service per JVM; the registry outlives a runtime, so the state is not per Wired). */
    static final AtomicLong QUARANTINED = new AtomicLong();
    static final AtomicLong UNREADABLE = new AtomicLong();
    /** Credentials still sealed with the previous key after the last maintenance pass; -1 until the first pass. */
    static final AtomicLong SEALED_WITH_PREVIOUS = new AtomicLong(-1);

    private final OrderSink sink;

    /** Production: the order sink the configuration chooses (Kafka, else bi-analysis over gRPC), closed on stop. */
    public JushuitanService() {
        this(null);
    }

    /** With {@code sink} in place of the configured one (tests collect what was sent); the caller closes it. */
    public JushuitanService(OrderSink sink) {
        super(JushuitanOptions.CATALOG);
        this.sink = sink;
    }

    /** What the service is made of; {@link #maintain()} refreshes the gauges and re-seals credentials. */
    public record Wired(ShopStore shops, SyncJobs jobs, UpstreamGuard guard, AtomicLong quarantined, AtomicLong unreadable) {
        /** How long finished jobs stay readable at {@code GET /jobs/{id}}. */
        static final Duration JOB_RETENTION = Duration.ofDays(14);

        public ShopStore.CredentialScan maintain() {
            jobs.purge(JOB_RETENTION);
            ShopStore.CredentialScan scan = shops.scanCredentials();
            unreadable.set(scan.unreadable());
            SEALED_WITH_PREVIOUS.set(shops.sealedWithPreviousKey());
            quarantined.set(shops.quarantinedTotal());
            return scan;
        }
    }

    @Override
    public Wiring wire(Platform platform) {
        JushuitanOptions options = JushuitanOptions.from(platform.settings());
        OrderSink orders = sink != null ? sink : OrderSinks.create(platform);
        Wired wired = wire(platform, orders);
        Wiring.Builder wiring = Wiring.builder(wired)
                .http(routing -> JushuitanRoutes.register(routing, wired.shops(), wired.jobs(),
                        url -> wired.guard().checkBaseUrl(url),
                        options.baseUrl(), options.initialLookback()))
                .grpc(new JushuitanGrpcService(wired.shops(), wired.jobs()));
        workers(options, wired, wiring);
        if (sink == null) {
            wiring.closeOnStop(orders); // after the workers stopped: what they sent is flushed
        }
        return wiring.build();
    }

    /**
     * Keys (env): bi.jushuitan.window (BI_JUSHUITAN_WINDOW, 1d, at most 7d), .lag (2m), .page.size (100),
     * .max.windows (200), .max.pages (1000), .retries (5), .backoff (500ms), .rate.backoff (1s), .min.interval (220ms),
     * .timeout (10s), .call.timeout (30s), .max.body (8388608), .lease (2m), .upstream.hosts, .upstream.schemes (https),
     * .upstream.trusted.networks (none) — see the module README and application.yaml.
     */
    private static Wired wire(Platform platform, OrderSink sink) {
        JushuitanOptions options = JushuitanOptions.from(platform.settings());
        Clock clock = platform.clock();
        ShopStore shops = new JdbcShops(platform.jdbc(), SecretBox.fromSettings(platform.settings(), platform.env()));
        UpstreamGuard guard = guard(options);
        HttpJushuitanClient.Limits limits = options.limits();
        // redirects are never followed: a redirect could lead anywhere the guard did not check
        HttpClient http = HttpClient.newBuilder().connectTimeout(limits.headersTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        Pacing pacing = new Pacing(options.minInterval());
        ShopSync sync = new ShopSync(shops, sink, shop -> new HttpJushuitanClient(http, guard, shop.baseUrl(), shop.appKey(),
                shop.appSecret(), shop.accessToken(), limits, clock), pacing, options.sync(), clock);
        SyncJobs jobs = new SyncJobs(new JdbcJobs(platform.jdbc()), shops, sync, options.sync().lease());
        Wired wired = new Wired(shops, jobs, guard, QUARANTINED, UNREADABLE);
        gauges(platform.metrics(), wired);
        return wired;
    }

    private static UpstreamGuard guard(JushuitanOptions options) {
        UpstreamPolicy policy;
        try {
            policy = UpstreamPolicy.parse(options.upstreamSchemes(), options.upstreamHosts());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(JushuitanOptions.UPSTREAM_HOSTS.key(), e.getMessage());
        }
        try {
            return new UpstreamGuard(policy, UpstreamGuard.networks(options.upstreamTrustedNetworks()));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(JushuitanOptions.UPSTREAM_TRUSTED_NETWORKS.key(), e.getMessage());
        }
    }

    private static void gauges(MeterRegistry registry, Wired wired) {
        registry.getOrCreate(Gauge.builder("bi.jushuitan.quarantined.orders", wired.quarantined(), AtomicLong::doubleValue)
                .description("Jushuitan orders that failed validation and wait to be re-fetched by id"));
        registry.getOrCreate(Gauge.builder("bi.jushuitan.unreadable.credentials", wired.unreadable(), AtomicLong::doubleValue)
                .description("Jushuitan shops whose stored credentials cannot be decrypted with the configured keys"));
        registry.getOrCreate(Gauge.builder("bi.jushuitan.sealed.with.previous.key", SEALED_WITH_PREVIOUS, AtomicLong::doubleValue)
                .description("Stored credentials that open only with BI_CRYPTO_KEY_PREVIOUS after the last maintenance pass (-1: no pass yet)"));
    }

    /**
     * The supervised loops: {@code bi.jushuitan.workers} (2) job runners, the maintenance pass (gauges, unreadable
     * credentials, re-sealing) every {@code bi.jushuitan.maintenance.interval} (30s), and — when
     * {@code bi.jushuitan.schedule} is set (0 = off; bi-cron triggers) — a scheduler enqueuing every tenant.
     */
    private static void workers(JushuitanOptions options, Wired wired, Wiring.Builder wiring) {
        int runners = options.workers();
        Duration poll = options.poll();
        String instance = instanceId();
        for (int i = 1; i <= runners; i++) {
            wiring.worker(new JobRunner("jushuitan-jobs-" + i, instance + "#" + i, wired), poll);
        }
        Duration maintenance = options.maintenanceInterval();
        wiring.worker(new Worker() {
            @Override
            public String name() {
                return "jushuitan-maintenance";
            }

            @Override
            public boolean runOnce() {
                wired.maintain();
                return false;
            }
        }, maintenance);
        Duration every = options.schedule();
        if (!every.isZero()) {
            wiring.worker(new Worker() {
                private Instant next = Instant.now().plus(every);

                @Override
                public String name() {
                    return "jushuitan-schedule";
                }

                @Override
                public boolean runOnce() {
                    if (Instant.now().isBefore(next)) {
                        return false;
                    }
                    next = Instant.now().plus(every);
                    int queued = wired.jobs().triggerAll("schedule").size();
                    LOG.info(() -> "scheduled sync: " + queued + " tenant job(s) queued");
                    return false;
                }
            }, every.compareTo(Duration.ofSeconds(5)) < 0 ? every : Duration.ofSeconds(5));
        }
    }

    /** Runs queued jobs one at a time; a stop ends the current run at its next upstream call. */
    static final class JobRunner implements Worker {
        private final String name;
        private final String owner;
        private final Wired wired;
        private final AtomicBoolean stopping = new AtomicBoolean();

        JobRunner(String name, String owner, Wired wired) {
            this.name = name;
            this.owner = owner;
            this.wired = wired;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean runOnce() {
            boolean worked = wired.jobs().runNext(owner, stopping::get);
            if (worked) {
                wired.quarantined().set(wired.shops().quarantinedTotal());
            }
            return worked;
        }

        @Override
        public void wakeup() {
            stopping.set(true);
        }
    }

    /** This replica's lease owner prefix: the pod name (or host) plus a random part, unique across restarts. */
    static String instanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown";
        }
        return NAME + "@" + host + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
