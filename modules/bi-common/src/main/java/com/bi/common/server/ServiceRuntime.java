package com.bi.common.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.KitOptions;
import com.bi.common.config.ServerOptions;
import com.bi.common.config.Settings;
import com.bi.common.data.Database;
import com.bi.common.error.Problem;
import com.bi.common.grpc.GrpcEdge;
import com.bi.common.grpc.GrpcHealthService;
import com.bi.common.grpc.GrpcMessageLimit;
import com.bi.common.logging.AccessLog;
import com.bi.common.grpc.GrpcServices;
import com.bi.common.json.Json;
import com.bi.common.observe.HttpMetrics;
import com.bi.common.ratelimit.RateLimitOptions;
import com.bi.common.ratelimit.TenantRateLimit;
import com.bi.common.spi.ServiceRegistry;
import com.bi.common.spi.ServiceRegistryProvider;
import com.bi.common.tenancy.TenantGuard;
import com.bi.common.work.Workers;
import io.grpc.ServerServiceDefinition;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.openapi.OpenApiFeature;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

/**
 * Runs a {@link Service}: the one place that assembles the server (the HTTP edge filter, problem+json errors,
 * health and metrics on the default socket; the gRPC edge, gRPC health and the service's gRPC services on the
 * {@value #GRPC_SOCKET} socket), starts the declared workers after the server and stops them before it, registers
 * the instance (Nacos), and shuts down in two phases with a watchdog. Resources come from the {@link Platform}, which
 * the runtime closes last.
 */
public final class ServiceRuntime implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ServiceRuntime.class.getName());
    /** The name of the gRPC listener (the HTTP one is Helidon's default socket). */
    public static final String GRPC_SOCKET = "grpc";

    private final Platform platform;
    private final Wiring wiring;
    private final Class<?> serviceClass;
    private final Settings settings;
    private final Lifecycle lifecycle = new Lifecycle();
    private final TenantGuard tenantGuard;
    private final TenantRateLimit rateLimit;
    private Workers workers;
    private volatile boolean workersStarted;
    private volatile WebServer server;
    private ServiceRegistry registration;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ServiceRuntime(Platform platform, Wiring wiring, Class<?> serviceClass) {
        this.platform = platform;
        this.wiring = wiring;
        this.serviceClass = serviceClass;
        this.settings = platform.settings();
        this.tenantGuard = wiring.tenantGuard().orElseGet(platform::tenantGuard);
        // a bad bi.ratelimit.* value stops the start, not the first request
        this.rateLimit = rateLimit(platform, wiring);
    }

    /**
     * Loads {@code service}'s configuration, wires it, serves it and registers the graceful shutdown; a configuration
     * or start-up failure is one clear line on stderr and exit code 1 (no stack trace for a bad value).
     *
     * @return the running service (a {@code main} has nothing more to do)
     */
    public static ServiceRuntime run(Service service) {
        try {
            ServiceRuntime runtime = create(service, Platform.load(service.name()));
            runtime.serve();
            if (runtime.settings.get(ServerOptions.EXIT_WHEN_READY)) {
                LOG.info(() -> service.name() + ": exiting once ready (bi.exit.when.ready)");
                System.exit(0); // the shutdown hook stops it gracefully
            }
            return runtime;
        } catch (InvalidConfigException e) {
            System.err.println(service.name() + ": " + e.getMessage());
            LOG.severe(e.getMessage());
            System.exit(1);
        } catch (RuntimeException e) {
            System.err.println(service.name() + ": failed to start: " + e.getMessage());
            LOG.log(Level.SEVERE, "failed to start", e);
            System.exit(1);
        }
        throw new IllegalStateException("unreachable: the start failed and the JVM is exiting");
    }

    /** Wires {@code service} on {@code platform}; nothing listens until {@link #serve} (or a test's {@link #configure}). */
    public static ServiceRuntime create(Service service, Platform platform) {
        if (!service.name().equals(platform.name())) {
            throw new IllegalArgumentException("platform of " + platform.name() + " given to " + service.name());
        }
        try {
            // every declared key is checked now, so one read lazily (a peer, the tenant directory) fails the start too
            KitOptions.with(service.options()).validate(platform.settings());
            return new ServiceRuntime(platform, service.wire(platform), service.getClass());
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    public String name() {
        return platform.name();
    }

    public Platform platform() {
        return platform;
    }

    public Wiring wiring() {
        return wiring;
    }

    public Lifecycle lifecycle() {
        return lifecycle;
    }

    /** The per-tenant rate limit at the HTTP edge, or null when off. */
    public TenantRateLimit rateLimit() {
        return rateLimit;
    }

    /**
     * The rate limit (tenant's {@code api_rate_per_minute}; shared through Redis when {@code bi.ratelimit.redis.url} is
     * set): {@code bi.ratelimit.enabled}, on by default wherever the tenant check asks the tenant directory (a service
     * with its own tenant guard turns it on by declaring its quotas, or with the setting).
     */
    private static TenantRateLimit rateLimit(Platform platform, Wiring wiring) {
        boolean byDefault = platform.tenantCheck() && (wiring.tenantGuard().isEmpty() || wiring.rateQuotas().isPresent());
        if (!RateLimitOptions.from(platform.settings()).enabled().orElse(byDefault)) {
            return null;
        }
        TenantRateLimit.Quotas quotas = wiring.rateQuotas().orElseGet(() -> (tenant, token) -> platform.tenants()
                .lookup(tenant, token).tenant()
                .map(info -> OptionalInt.of(info.apiRatePerMinute()))
                .orElse(OptionalInt.empty()));
        return TenantRateLimit.fromSettings(platform.settings(), quotas, platform.metrics());
    }

    /**
     * The supervisor of the service's background loops (in the readiness check {@code workers} and the
     * {@code bi_worker_*} metrics); {@link #startWorkers} starts the declared ones.
     */
    public synchronized Workers workers() {
        if (workers == null) {
            workers = Workers.fromSettings(settings, platform.metrics());
        }
        return workers;
    }

    private synchronized Workers workersIfCreated() {
        return workers;
    }

    /** Starts the workers the service declared ({@link #serve} does, after the server listens). */
    public void startWorkers() {
        Workers loops = workers();
        workersStarted = true;
        for (Wiring.DeclaredWorker declared : wiring.workers()) {
            loops.start(declared.worker(), declared.idleDelay());
        }
    }

    /** Ready = started, not draining, the database (if the service has one) answers and every worker is healthy. */
    public boolean ready() {
        Database db = platform.databaseIfStarted();
        Workers loops = workersIfCreated();
        return lifecycle.started() && !lifecycle.draining() && (db == null || db.isUp())
                && (loops == null || loops.healthy());
    }

    /**
     * Puts the service into a server builder: its HTTP routes behind the edge filter, errors, health and metrics on
     * the default socket; its gRPC services (with health) on the {@value #GRPC_SOCKET} socket. {@link #serve} calls
     * it; tests call it from {@code @SetUpServer}.
     */
    public void configure(WebServerConfig.Builder builder) {
        // the catalog's ports unless configured
        ServerOptions serverOptions = ServerOptions.from(settings, platform.name());
        String host = serverOptions.host();
        int httpPort = serverOptions.httpPort();
        int grpcPort = serverOptions.grpcPort();
        long maxBody = serverOptions.maxBody();
        ClientAddress.TrustedProxies trustedProxies = ClientAddress.TrustedProxies.fromSettings(settings);
        AccessLog accessLog = AccessLog.fromSettings(settings);

        builder.config(platform.config().get("server"))
                .host(host)
                .port(httpPort)
                .shutdownHook(false)
                .maxPayloadSize(maxBody)
                // in-flight work has drained before stop() (see shutdown()); Helidon's own grace period would only
                // hold idle keep-alive connections open and push the stop past Kubernetes' grace period
                .shutdownGracePeriod(Duration.ofMillis(500))
                .directHandlers(d -> {
                    for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
                        d.addHandler(type, ServiceRuntime::directProblem);
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
                .update(b -> OpenApiDocuments.own(serviceClass, name())
                        .ifPresent(document -> b.addFeature(OpenApiFeature.builder().staticFile(document.toString()).build())))
                .routing(routing -> {
                    routing.addFilter(new EdgeFilter(platform.tracing(), platform.verifier(), () -> tenantGuard,
                            () -> rateLimit, new HttpMetrics(platform.metrics()), lifecycle, wiring.publicPaths(), maxBody,
                            trustedProxies, accessLog));
                    Problems.register(routing);
                    wiring.routing(routing);
                })
                .putSocket(GRPC_SOCKET, socket -> socket
                        .host(host)
                        .port(grpcPort)
                        .maxPayloadSize(maxBody)
                        .connectionOptions(options -> options.tcpNoDelay(true))
                        // a request message above bi.grpc.max.message is RESOURCE_EXHAUSTED at once (hostile finding F7)
                        .addProtocol(GrpcMessageLimit.fromSettings(settings))
                        .addRouting(grpcRouting()));
    }

    private GrpcRouting.Builder grpcRouting() {
        GrpcRouting.Builder routing = GrpcRouting.builder()
                .intercept(new GrpcEdge(platform.tracing(), platform.verifier(), () -> tenantGuard, lifecycle))
                .service(GrpcServices.guarded(new GrpcHealthService(name(), this::ready)));
        for (ServerServiceDefinition service : wiring.grpcServices()) {
            routing.service(service);
        }
        return routing;
    }

    private HealthCheckResponse readiness() {
        Database db = platform.databaseIfStarted();
        boolean dbUp = db == null || db.isUp();
        return HealthCheckResponse.builder()
                .status(lifecycle.started() && !lifecycle.draining() && dbUp)
                .detail("started", lifecycle.started())
                .detail("draining", lifecycle.draining())
                .detail("database", db == null ? "none" : dbUp ? "UP" : "DOWN")
                .build();
    }

    private HealthCheckResponse workersHealth() {
        Workers loops = workersIfCreated();
        return loops == null ? HealthCheckResponse.builder().status(true).build() : loops.health();
    }

    /** Builds and starts the server, starts the workers, registers the instance and the graceful shutdown hook. */
    public WebServer serve() {
        WebServerConfig.Builder builder = WebServer.builder();
        configure(builder);
        WebServer started = builder.build().start();
        if (!started.isRunning()) {
            // Helidon logs a listener that failed to start and stops the others, but start() returns normally
            ServerOptions options = ServerOptions.from(settings, platform.name());
            BindException taken = portTaken(options.host(), options.httpPort(), options.grpcPort());
            throw new IllegalStateException(name() + "'s server did not start: "
                    + (taken != null ? taken.getMessage() : "see the error logged above"), taken);
        }
        attach(started);
        startWorkers();
        register(started);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("graceful-shutdown").unstarted(this::shutdown));
        LOG.info(() -> name() + " ready in " + platform.env().id() + ": http " + started.port() + ", grpc "
                + started.port(GRPC_SOCKET));
        return started;
    }

    /** The failure to bind the first of {@code ports} that is taken on {@code host}, or null when each can be bound. */
    static BindException portTaken(String host, int... ports) {
        for (int port : ports) {
            if (port <= 0) {
                continue;
            }
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(host, port));
            } catch (BindException e) {
                BindException taken = new BindException("port " + port + " on " + host + " is taken: " + e.getMessage());
                taken.initCause(e);
                return taken;
            } catch (IOException e) {
                // not a taken port: the logged error says what happened
            }
        }
        return null;
    }

    /** Registers this instance with the service registry, when one is enabled (Nacos). */
    public void register(WebServer webServer) {
        for (ServiceRegistryProvider provider : ServiceLoader.load(ServiceRegistryProvider.class)) {
            Optional<ServiceRegistry> opened = provider.create(name(), settings);
            if (opened.isPresent()) {
                Map<String, String> metadata = new HashMap<>();
                ServerOptions options = ServerOptions.from(settings, platform.name());
                metadata.put("version", options.version());
                metadata.put("env", platform.env().id());
                metadata.put("track", options.track());
                String host = options.advertiseHost();
                opened.get().register(new ServiceRegistry.Instance(name(), host, webServer.port(),
                        webServer.port(GRPC_SOCKET), metadata));
                registration = opened.get();
                return;
            }
        }
    }

    /** Marks a server (started by {@link #serve} or a test) as this runtime's: startup probe UP. */
    public void attach(WebServer webServer) {
        this.server = webServer;
        lifecycle.markStarted();
    }

    /**
     * Graceful shutdown: readiness DOWN (Kubernetes stops routing to us; the chart's preStop pause covers the
     * endpoint update), wait {@code bi.shutdown.delay}, let in-flight requests finish (up to
     * {@code bi.shutdown.drain.timeout}), then stop the workers, the server and the platform, bounded by
     * {@code bi.shutdown.close.timeout} after which a watchdog dumps the threads and halts.
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
        Duration delay = settings.get(ServerOptions.SHUTDOWN_DELAY);
        Duration drain = settings.get(ServerOptions.DRAIN_TIMEOUT);
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
        Duration closeTimeout = settings.get(ServerOptions.CLOSE_TIMEOUT);
        Thread watchdog = Thread.ofPlatform().daemon().name("shutdown-watchdog").start(() -> watchdog(closeTimeout));
        close();
        watchdog.interrupt();
    }

    private void watchdog(Duration closeTimeout) {
        try {
            Thread.sleep(closeTimeout);
        } catch (InterruptedException e) {
            return;
        }
        StringBuilder dump = new StringBuilder(name() + ": shutdown did not finish in " + closeTimeout + "; halting. Threads:\n");
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            dump.append("  ").append(thread.getName()).append(" (").append(thread.getState()).append(")\n");
            for (int i = 0; i < Math.min(stack.length, 12); i++) {
                dump.append("    at ").append(stack[i]).append('\n');
            }
        });
        System.err.print(dump);
        System.err.flush();
        Runtime.getRuntime().halt(143);
    }

    /** Stops in order: workers (they may still use everything below), the service's closeables, server, rate limit, platform. */
    @Override
    public void close() {
        lifecycle.startDraining();
        if (closed.getAndSet(true)) {
            return;
        }
        Workers loops = workersIfCreated();
        if (loops != null) {
            try {
                loops.stop();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "stopping the workers failed", e);
            }
        }
        if (!workersStarted) {
            // declared but never run (a test of the API alone): what a worker owns (a KafkaConsumer) is still closed
            for (Wiring.DeclaredWorker declared : wiring.workers()) {
                try {
                    declared.worker().close();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "closing worker " + declared.worker().name() + " failed", e);
                }
            }
        }
        for (AutoCloseable closeable : wiring.closeables()) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "a shutdown step failed", e);
            }
        }
        WebServer current = server;
        if (current != null && current.isRunning()) {
            current.stop();
        }
        if (rateLimit != null) {
            rateLimit.close();
        }
        platform.close();
        LOG.info(() -> name() + " stopped");
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
        headers.set(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
        byte[] body = Json.bytes(Problem.of(status.code(), status.reasonPhrase(), detail, request.path(), null, null));
        return DirectHandler.TransportResponse.builder()
                .status(status)
                .headers(headers)
                .entity(body)
                .build();
    }
}
