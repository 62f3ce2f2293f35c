package com.bi.common.server;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.bi.common.config.ConfigLoader;
import com.bi.common.config.DeployEnv;
import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.Settings;
import com.bi.common.data.Database;
import com.bi.common.data.Jdbc;
import com.bi.common.grpc.GrpcEdge;
import com.bi.common.grpc.GrpcHealthService;
import com.bi.common.grpc.GrpcServices;
import com.bi.common.logging.Logging;
import com.bi.common.observe.HttpMetrics;
import com.bi.common.observe.JvmMetrics;
import com.bi.common.observe.PoolMetrics;
import com.bi.common.security.JwtVerifier;
import com.bi.common.security.ServiceTokens;
import com.bi.common.peers.Peers;
import com.bi.common.spi.ServiceRegistry;
import com.bi.common.tenancy.TenantDirectory;
import com.bi.common.tenancy.TenantGuard;
import com.bi.common.spi.ServiceRegistryProvider;
import com.bi.common.tracing.ClientTracing;
import com.bi.common.tracing.Tracing;
import com.bi.common.work.Workers;
import com.bi.common.ratelimit.TenantRateLimit;
import io.helidon.webclient.api.WebClient;
import io.helidon.config.Config;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

/**
 * The service kit: what every bi-platform service is built from. A service's {@code Main} reads like a table of
 * contents — {@code ServiceKit.launch(name, kit -> kit.serve(Main::routing, Main::grpc))} — and gets layered,
 * validated config; JSON logs; tracing; JWT checks; problem+json errors; health, metrics and gRPC health; a pool
 * and migrations on its own schema; and graceful shutdown.
 */
public final class ServiceKit implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ServiceKit.class.getName());
    /** The name of the gRPC listener (the HTTP one is Helidon's default socket). */
    public static final String GRPC_SOCKET = "grpc";

    private final String name;
    private final Config config;
    private final Settings settings;
    private final DeployEnv env;
    private final Tracing tracing;
    private final JwtVerifier verifier;
    private final Lifecycle lifecycle = new Lifecycle();
    private final MeterRegistry registry;
    private final List<String> publicPaths = new ArrayList<>();
    private Database database;
    private Jdbc jdbc;
    private Peers peers;
    private TenantDirectory tenants;
    private TenantGuard tenantGuard;
    private ServiceTokens serviceTokens;
    private Workers workers;
    private TenantRateLimit.Quotas rateQuotas;
    private volatile TenantRateLimit rateLimit;
    private volatile boolean rateLimitResolved;
    private boolean customTenantGuard;
    private final List<Runnable> onShutdown = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile WebServer server;
    private ServiceRegistry registration;

    private ServiceKit(String name, Config config) {
        this.name = name;
        this.config = config;
        this.settings = new Settings(config);
        this.env = DeployEnv.parse(settings.string("deploy.env", "dev"));
        Logging.configure(name, env.id(), logLevel(settings));
        this.tracing = Tracing.create(name, env.id(), settings);
        this.verifier = JwtVerifier.create(settings, env);
        this.registry = Metrics.globalRegistry();
        JvmMetrics.bind(registry);
        // reloadable at run time (from Nacos): the log level
        config.get("bi.log.level").onChange(changed -> {
            try {
                Logging.level(logLevel(new Settings(changed.root())));
                LOG.info("log level now " + changed.asString().orElse("INFO"));
            } catch (InvalidConfigException e) {
                LOG.warning("ignored a bad pushed value: " + e.getMessage());
            }
        });
    }

    /** Loads the layered configuration (jar → env file → config dir → environment) and builds the kit. */
    public static ServiceKit create(String name) {
        return create(name, ConfigLoader.load(name, Map.of(), System.getenv()));
    }

    public static ServiceKit create(String name, Config config) {
        return new ServiceKit(name, config);
    }

    /**
     * Runs a service: builds the kit, lets {@code start} wire and start it, and turns a configuration or start-up
     * failure into one clear line on stderr and exit code 1 (no stack trace for a bad value).
     */
    public static void launch(String name, Function<ServiceKit, WebServer> start) {
        try {
            start.apply(create(name));
        } catch (InvalidConfigException e) {
            System.err.println(name + ": " + e.getMessage());
            LOG.severe(e.getMessage());
            System.exit(1);
        } catch (RuntimeException e) {
            System.err.println(name + ": failed to start: " + e.getMessage());
            LOG.log(Level.SEVERE, "failed to start", e);
            System.exit(1);
        }
    }

    public String name() {
        return name;
    }

    public Config config() {
        return config;
    }

    /** The settings as loaded at start (what cannot change at run time: ports, pools, secrets). */
    public Settings settings() {
        return settings;
    }

    /** The settings as they are now, with the latest pushed changes (Nacos): for keys that apply live. */
    public Settings liveSettings() {
        return new Settings(config.context().last());
    }

    public DeployEnv env() {
        return env;
    }

    public Tracing tracing() {
        return tracing;
    }

    public JwtVerifier verifier() {
        return verifier;
    }

    public Lifecycle lifecycle() {
        return lifecycle;
    }

    public MeterRegistry metrics() {
        return registry;
    }

    /** Paths under {@code /api/} that need no token (a login endpoint, a signed webhook); {@code /x/*} for a prefix. */
    public ServiceKit publicPaths(String... paths) {
        publicPaths.addAll(List.of(paths));
        return this;
    }

    /** The service's database, started (and migrated) on first use. */
    public synchronized Database database() {
        if (database == null) {
            database = Database.start(name, settings, env);
            PoolMetrics.register(registry, database);
        }
        return database;
    }

    public synchronized Jdbc jdbc() {
        if (jdbc == null) {
            jdbc = new Jdbc(database().dataSource());
        }
        return jdbc;
    }

    /** gRPC channels to other services (deadlines, retries, circuit breaker, tracing, token passed on). */
    public synchronized Peers peers() {
        if (peers == null) {
            peers = new Peers(settings, this::liveSettings, tracing);
        }
        return peers;
    }

    /**
     * bi-tenant's view of tenants (status, quotas, time zone) behind a cache: {@code bi.tenant.status.ttl} (15s)
     * bounds how stale an answer may be, {@code bi.tenant.status.max.stale} (5m) how long the last answer serves
     * while bi-tenant cannot be reached, {@code bi.tenant.status.timeout} (1s) how long a request waits for bi-tenant
     * (not at all once it failed, until it answers again).
     */
    public synchronized TenantDirectory tenants() {
        if (tenants == null) {
            tenants = new TenantDirectory(peers().channel(Catalog.BI_TENANT, "bi.tenant.v1.TenantService"),
                    settings.duration("bi.tenant.status.ttl", Duration.ofSeconds(15), Duration.ZERO, Duration.ofMinutes(10)),
                    settings.duration("bi.tenant.status.max.stale", Duration.ofMinutes(5), Duration.ZERO, Duration.ofHours(24)),
                    settings.duration("bi.tenant.status.timeout", Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofSeconds(30)),
                    Clock.systemUTC(), tenant -> serviceTokens().token(tenant));
        }
        return tenants;
    }

    /** Replaces the suspension check every verified token goes through (bi-tenant reads its own table). */
    public synchronized ServiceKit tenantGuard(TenantGuard guard) {
        this.tenantGuard = guard;
        this.customTenantGuard = true;
        return this;
    }

    /** What the tenant guard does with a write it cannot verify with bi-tenant (nothing younger than max.stale cached). */
    public enum UnverifiedWrites { ALLOW, DENY }

    /**
     * The suspension check: the tenant directory's, unless {@code bi.tenant.status.check=false}. Without an answer
     * from bi-tenant younger than {@code bi.tenant.status.max.stale}, reads pass and writes follow
     * {@code bi.tenant.status.unverified.writes} ({@code deny} — 503 — by default in prod, {@code allow} elsewhere).
     */
    public synchronized TenantGuard tenantGuard() {
        if (tenantGuard == null) {
            if (settings.bool("bi.tenant.status.check", true)) {
                UnverifiedWrites writes = settings.enumValue("bi.tenant.status.unverified.writes", UnverifiedWrites.class,
                        env.isProd() ? UnverifiedWrites.DENY : UnverifiedWrites.ALLOW);
                tenantGuard = TenantGuard.of(tenants(), writes == UnverifiedWrites.DENY, registry);
            } else {
                tenantGuard = TenantGuard.NONE;
            }
        }
        return tenantGuard;
    }

    /**
     * Replaces where the edge's rate limit reads a tenant's requests per minute (bi-tenant reads its own table); call
     * it before {@link #configure}/{@link #serve}.
     */
    public synchronized ServiceKit rateLimitQuotas(TenantRateLimit.Quotas quotas) {
        this.rateQuotas = quotas;
        return this;
    }

    /**
     * The per-tenant rate limit at the HTTP edge (tenant's {@code api_rate_per_minute}; shared through Redis when
     * {@code bi.ratelimit.redis.url} is set), or null when off: {@code bi.ratelimit.enabled}, on by default wherever
     * the tenant check asks the tenant directory (a service with its own tenant guard — bi-tenant, bi-sys — turns it on
     * with {@link #rateLimitQuotas} or the setting).
     */
    public TenantRateLimit rateLimit() {
        if (rateLimitResolved) {
            return rateLimit; // every request asks: no lock once resolved
        }
        return resolveRateLimit();
    }

    private synchronized TenantRateLimit resolveRateLimit() {
        if (!rateLimitResolved) {
            boolean byDefault = settings.bool("bi.tenant.status.check", true) && (!customTenantGuard || rateQuotas != null);
            if (settings.bool("bi.ratelimit.enabled", byDefault)) {
                TenantRateLimit.Quotas quotas = rateQuotas != null ? rateQuotas : (tenant, token) -> tenants()
                        .lookup(tenant, token).tenant()
                        .map(info -> java.util.OptionalInt.of(info.apiRatePerMinute()))
                        .orElse(java.util.OptionalInt.empty());
                rateLimit = TenantRateLimit.fromSettings(settings, quotas, registry);
            }
            rateLimitResolved = true; // after rateLimit is set: the lock-free read above sees both
        }
        return rateLimit;
    }

    /** Tokens this service mints for itself to call peers from background work, per tenant. */
    public synchronized ServiceTokens serviceTokens() {
        if (serviceTokens == null) {
            serviceTokens = new ServiceTokens(settings, name);
        }
        return serviceTokens;
    }

    /**
     * The service's background loops (consumers, processors, scheduled pulls): supervised, with backoff, in the
     * readiness check {@code workers} and the {@code bi_worker_*} metrics, stopped on shutdown after draining and
     * before the pool closes. See {@link Workers}.
     */
    public synchronized Workers workers() {
        if (workers == null) {
            workers = Workers.fromSettings(settings, registry);
        }
        return workers;
    }

    private synchronized Workers startedWorkers() {
        return workers;
    }

    /**
     * Stops background work (consumers, processors) in order: the kit runs these after in-flight requests have
     * drained and before the server, the pool and the tracer close — never as JVM hooks racing each other.
     */
    public ServiceKit onShutdown(Runnable stop) {
        onShutdown.add(stop);
        return this;
    }

    /** An HTTP client for a peer or a third party, with a CLIENT span and traceparent on every call. */
    public WebClient httpClient(String baseUri) {
        return WebClient.builder().baseUri(baseUri).addService(new ClientTracing(tracing)).build();
    }

    /** Ready = started, not draining, the database (if the service has one) answers and every worker is healthy. */
    public boolean ready() {
        Database db;
        synchronized (this) {
            db = database;
        }
        Workers loops = startedWorkers();
        return lifecycle.started() && !lifecycle.draining() && (db == null || db.isUp())
                && (loops == null || loops.healthy());
    }

    /**
     * Puts the kit into a server builder: HTTP routes with the edge filter, errors, health and metrics on the
     * default socket; gRPC (with health) on the {@value #GRPC_SOCKET} socket. Tests call this from
     * {@code @SetUpServer}; {@link #serve} calls it for real.
     */
    public void configure(WebServerConfig.Builder server, Consumer<HttpRouting.Builder> http, Consumer<GrpcRouting.Builder> grpc) {
        String host = settings.string("server.host", "0.0.0.0");
        // the catalog's ports unless configured (a name outside the catalog, e.g. a test kit: 8080/9090)
        Optional<Catalog> listed = Catalog.find(name);
        int httpPort = settings.intInRange("server.port", listed.map(Catalog::httpPort).orElse(8080), 0, 65535);
        int grpcPort = settings.intInRange("bi.grpc.port", listed.map(Catalog::grpcPort).orElse(9090), 0, 65535);
        long maxBody = settings.longInRange("bi.http.max.body", 1_048_576, 1024, 1L << 30);
        ClientAddress.TrustedProxies trustedProxies = ClientAddress.TrustedProxies.fromSettings(settings);
        rateLimit(); // a bad bi.ratelimit.* value stops the start, not the first request

        server.config(config.get("server"))
                .host(host)
                .port(httpPort)
                .shutdownHook(false)
                .maxPayloadSize(maxBody)
                // in-flight work has drained before stop() (see shutdown()); Helidon's own grace period would only
                // hold idle keep-alive connections open and push the stop past Kubernetes' grace period
                .shutdownGracePeriod(Duration.ofMillis(500))
                .directHandlers(d -> {
                    for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
                        d.addHandler(type, ServiceKit::directProblem);
                    }
                })
                .addFeature(ObserveFeature.builder()
                        .addObserver(HealthObserver.builder()
                                .details(true)
                                .useSystemServices(false)
                                .addCheck(() -> HealthCheckResponse.builder().status(true).build(),
                                        HealthCheckType.LIVENESS, "alive")
                                .addCheck(() -> HealthCheckResponse.builder().status(lifecycle.started())
                                        .build(), HealthCheckType.STARTUP, "started")
                                .addCheck(this::readiness, HealthCheckType.READINESS, "ready")
                                .addCheck(this::workersHealth, HealthCheckType.READINESS, "workers")
                                .build())
                        .addObserver(MetricsObserver.builder().build())
                        .build())
                .routing(routing -> {
                    routing.addFilter(new EdgeFilter(tracing, verifier, this::tenantGuard, this::rateLimit,
                            new HttpMetrics(registry), lifecycle, List.copyOf(publicPaths), maxBody, trustedProxies));
                    Problems.register(routing);
                    http.accept(routing);
                })
                .putSocket(GRPC_SOCKET, socket -> socket
                        .host(host)
                        .port(grpcPort)
                        .maxPayloadSize(maxBody)
                        .connectionOptions(options -> options.tcpNoDelay(true))
                        .addRouting(grpcRouting(grpc)));
    }

    private GrpcRouting.Builder grpcRouting(Consumer<GrpcRouting.Builder> grpc) {
        GrpcRouting.Builder routing = GrpcRouting.builder()
                .intercept(new GrpcEdge(tracing, verifier, this::tenantGuard, lifecycle))
                .service(GrpcServices.guarded(new GrpcHealthService(name, this::ready)));
        grpc.accept(routing);
        return routing;
    }

    private HealthCheckResponse readiness() {
        Database db;
        synchronized (this) {
            db = database;
        }
        boolean dbUp = db == null || db.isUp();
        return HealthCheckResponse.builder()
                .status(lifecycle.started() && !lifecycle.draining() && dbUp)
                .detail("started", lifecycle.started())
                .detail("draining", lifecycle.draining())
                .detail("database", db == null ? "none" : dbUp ? "UP" : "DOWN")
                .build();
    }

    private HealthCheckResponse workersHealth() {
        Workers loops = startedWorkers();
        return loops == null ? HealthCheckResponse.builder().status(true).build() : loops.health();
    }

    /** Builds, starts and registers the graceful shutdown of the service's server. */
    public WebServer serve(Consumer<HttpRouting.Builder> http, Consumer<GrpcRouting.Builder> grpc) {
        WebServerConfig.Builder builder = WebServer.builder();
        configure(builder, http, grpc);
        WebServer started = builder.build().start();
        attach(started);
        register(started);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("graceful-shutdown").unstarted(this::shutdown));
        LOG.info(() -> name + " ready in " + env.id() + ": http " + started.port() + ", grpc " + started.port(GRPC_SOCKET));
        return started;
    }

    /** Registers this instance with the service registry, when one is enabled (Nacos). */
    public void register(WebServer webServer) {
        for (ServiceRegistryProvider provider : ServiceLoader.load(ServiceRegistryProvider.class)) {
            Optional<ServiceRegistry> opened = provider.create(name, settings);
            if (opened.isPresent()) {
                Map<String, String> metadata = new HashMap<>();
                metadata.put("version", settings.string("bi.version", "dev"));
                metadata.put("env", env.id());
                metadata.put("track", settings.string("bi.track", "stable"));
                String host = settings.string("bi.advertise.host", settings.string("pod.ip", "127.0.0.1"));
                opened.get().register(new ServiceRegistry.Instance(name, host, webServer.port(),
                        webServer.port(GRPC_SOCKET), metadata));
                registration = opened.get();
                return;
            }
        }
    }

    /** Marks a server (started by {@link #serve} or a test) as this kit's: startup probe UP. */
    public void attach(WebServer webServer) {
        this.server = webServer;
        lifecycle.markStarted();
    }

    /**
     * Graceful shutdown: readiness DOWN (Kubernetes stops routing to us; the chart's preStop pause covers the
     * endpoint update), wait {@code bi.shutdown.delay}, let in-flight requests finish (up to
     * {@code bi.shutdown.drain.timeout}), then stop the server, the pool and the tracer.
     */
    public void shutdown() {
        if (lifecycle.draining()) {
            return;
        }
        lifecycle.startDraining();
        if (registration != null) {
            try {
                registration.deregister();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "deregistration failed", e);
            }
        }
        Duration delay = settings.duration("bi.shutdown.delay", Duration.ZERO, Duration.ZERO, Duration.ofMinutes(5));
        Duration drain = settings.duration("bi.shutdown.drain.timeout", Duration.ofSeconds(25), Duration.ZERO,
                Duration.ofMinutes(10));
        LOG.info(() -> "shutting down: readiness DOWN, " + lifecycle.inFlight() + " request(s) in flight");
        try {
            Thread.sleep(delay);
            if (!lifecycle.awaitDrained(drain)) {
                LOG.warning(() -> lifecycle.inFlight() + " request(s) still in flight after " + drain + "; stopping anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // a stuck library must not hold the pod past its grace period: bounded close, then halt with a thread dump
        Duration closeTimeout = settings.duration("bi.shutdown.close.timeout", Duration.ofSeconds(10),
                Duration.ofSeconds(1), Duration.ofMinutes(5));
        Thread watchdog = Thread.ofPlatform().daemon().name("shutdown-watchdog").start(() -> {
            try {
                Thread.sleep(closeTimeout);
            } catch (InterruptedException e) {
                return;
            }
            StringBuilder dump = new StringBuilder(name + ": shutdown did not finish in " + closeTimeout + "; halting. Threads:\n");
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                dump.append("  ").append(thread.getName()).append(" (").append(thread.getState()).append(")\n");
                for (int i = 0; i < Math.min(stack.length, 12); i++) {
                    dump.append("    at ").append(stack[i]).append('\n');
                }
            });
            System.err.print(dump);
            System.err.flush();
            Runtime.getRuntime().halt(143);
        });
        close();
        watchdog.interrupt();
    }

    @Override
    public void close() {
        lifecycle.startDraining();
        // background loops first: they may still use what the shutdown steps, the server and the pool close
        Workers loops = startedWorkers();
        if (loops != null) {
            try {
                loops.stop();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "stopping the workers failed", e);
            }
        }
        for (Runnable stop : onShutdown) {
            try {
                stop.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a shutdown step failed", e);
            }
        }
        onShutdown.clear();
        WebServer current = server;
        if (current != null && current.isRunning()) {
            current.stop();
        }
        synchronized (this) {
            if (rateLimit != null) {
                rateLimit.close();
            }
            if (peers != null) {
                peers.close();
            }
            if (database != null) {
                database.close();
            }
        }
        tracing.close();
        LOG.info(() -> name + " stopped");
    }

    private static DirectHandler.TransportResponse directProblem(DirectHandler.TransportRequest request,
                                                                 DirectHandler.EventType type,
                                                                 io.helidon.http.Status status,
                                                                 io.helidon.http.ServerResponseHeaders headers,
                                                                 String message) {
        String detail = switch (type) {
            case PAYLOAD_TOO_LARGE -> "the request body is larger than this service accepts";
            case BAD_REQUEST -> "the request could not be parsed" + (message == null ? "" : ": " + message);
            default -> status.reasonPhrase();
        };
        headers.set(HeaderNames.CONTENT_TYPE, com.bi.common.error.Problem.MEDIA_TYPE);
        byte[] body = com.bi.common.json.Json.bytes(com.bi.common.error.Problem.of(status.code(), status.reasonPhrase(),
                detail, request.path(), null, null));
        return DirectHandler.TransportResponse.builder()
                .status(status)
                .headers(headers)
                .entity(body)
                .build();
    }

    private static Level logLevel(Settings settings) {
        String level = settings.string("bi.log.level", "INFO").toUpperCase();
        try {
            return switch (level) {
                case "DEBUG" -> Level.FINE;
                case "TRACE" -> Level.FINEST;
                case "WARN" -> Level.WARNING;
                case "ERROR" -> Level.SEVERE;
                default -> Level.parse(level);
            };
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("bi.log.level", "must be one of TRACE, DEBUG, INFO, WARN, ERROR; got '" + level + "'");
        }
    }
}
