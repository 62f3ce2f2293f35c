package com.bi.common.config;

import java.time.Duration;
import java.util.List;

import com.bi.common.server.Catalog;

/**
 * The runtime every service shares: environment, sockets, request limits, graceful shutdown and what an instance
 * registers with (Nacos). Read once at start.
 */
public record ServerOptions(DeployEnv env, String host, int httpPort, int grpcPort, long maxBody, String trustedProxies,
                            Duration shutdownDelay, Duration drainTimeout, Duration closeTimeout, String version,
                            String track, String advertiseHost) {

    public static final Option<String> DEPLOY_ENV = Option.oneOf("deploy.env", "dev", List.of("dev", "test", "prod"),
            "the environment; prod refuses insecure defaults").localOnly();
    public static final Option<String> CONFIG_DIR = Option.string("bi.config.dir", "configs",
            "the config directory (application.yaml, application-<env>.yaml)").localOnly();
    public static final Option<String> HOST = Option.string("server.host", "0.0.0.0", "bind address (both sockets)");
    public static final Option<Integer> PORT = Option.integer("server.port", 8080, 0, 65535,
            "HTTP port (unset: the service's port in the catalog, bi-common catalog/services.catalog; 8080 outside it)")
            .defaultText("the catalog port");
    public static final Option<Integer> GRPC_PORT = Option.integer("bi.grpc.port", 9090, 0, 65535,
            "gRPC port, a named socket with TCP_NODELAY (unset: the service's gRPC port in the catalog; 9090 outside it)")
            .defaultText("the catalog gRPC port");
    public static final Option<Long> MAX_BODY = Option.size("bi.http.max.body", 1_048_576, 1024, 1L << 30,
            "largest accepted request body (413 above)");
    public static final Option<Integer> GRPC_MAX_MESSAGE = Option.integer("bi.grpc.max.message", 4 * 1024 * 1024,
            16 * 1024, 64 * 1024 * 1024, "largest gRPC request message; above it the call is RESOURCE_EXHAUSTED at once").unit("bytes");
    public static final Option<String> TRUSTED_PROXIES = Option.string("bi.http.trusted.proxies", "",
            "comma-separated CIDRs of proxies (the gateway) whose X-Forwarded-For hop is believed; none: the socket peer is the client");
    public static final Option<Duration> SHUTDOWN_DELAY = Option.duration("bi.shutdown.delay", Duration.ZERO,
            Duration.ZERO, Duration.ofMinutes(5), "pause after readiness goes DOWN before draining");
    public static final Option<Duration> DRAIN_TIMEOUT = Option.duration("bi.shutdown.drain.timeout",
            Duration.ofSeconds(25), Duration.ZERO, Duration.ofMinutes(10), "how long in-flight requests may finish on shutdown");
    public static final Option<Duration> CLOSE_TIMEOUT = Option.duration("bi.shutdown.close.timeout",
            Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(5),
            "after draining, how long closing may take before the process halts with a thread dump on stderr");
    public static final Option<String> VERSION = Option.string("bi.version", "dev", "version registered with the service registry");
    public static final Option<String> TRACK = Option.string("bi.track", "stable", "release track registered with the service registry (stable, canary)");
    public static final Option<String> POD_IP = Option.string("pod.ip", "127.0.0.1", "the pod's address (the chart sets POD_IP)");
    public static final Option<String> ADVERTISE_HOST = Option.string("bi.advertise.host", "127.0.0.1",
            "address registered with the service registry").defaultText("the value of pod.ip");

    /** The JVM writes a one-step AOT cache only on an exit of its own, not when a signal stops it. */
    public static final Option<Boolean> EXIT_WHEN_READY = Option.bool("bi.exit.when.ready", false,
            "exit 0 (gracefully) as soon as the service is ready: for the image build's AOT-cache training start only").localOnly();

    public static final OptionGroup GROUP = OptionGroup.of("server", "Server, shutdown and registration", DEPLOY_ENV,
            CONFIG_DIR, HOST, PORT, GRPC_PORT, MAX_BODY, GRPC_MAX_MESSAGE, TRUSTED_PROXIES, SHUTDOWN_DELAY, DRAIN_TIMEOUT, CLOSE_TIMEOUT,
            VERSION, TRACK, POD_IP, ADVERTISE_HOST, EXIT_WHEN_READY);

    public static ServerOptions from(Settings s, String service) {
        String podIp = s.get(POD_IP);
        return new ServerOptions(DeployEnv.parse(s.get(DEPLOY_ENV)), s.get(HOST), httpPort(s, service), grpcPort(s, service), s.get(MAX_BODY),
                s.get(TRUSTED_PROXIES), s.get(SHUTDOWN_DELAY), s.get(DRAIN_TIMEOUT), s.get(CLOSE_TIMEOUT),
                s.get(VERSION), s.get(TRACK), s.optional(ADVERTISE_HOST).orElse(podIp));
    }

    /** {@link #PORT} when set, else {@code service}'s HTTP port in the catalog (the declared default outside it). */
    public static int httpPort(Settings s, String service) {
        return s.optional(PORT).orElseGet(() -> Catalog.find(service).map(Catalog::httpPort).orElse(PORT.defaultValue().orElseThrow()));
    }

    /** {@link #GRPC_PORT} when set, else {@code service}'s gRPC port in the catalog (the declared default outside it). */
    public static int grpcPort(Settings s, String service) {
        return s.optional(GRPC_PORT).orElseGet(() -> Catalog.find(service).map(Catalog::grpcPort).orElse(GRPC_PORT.defaultValue().orElseThrow()));
    }
}
