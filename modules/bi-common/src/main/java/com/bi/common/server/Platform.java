package com.bi.common.server;

import java.time.Clock;
import java.util.Map;
import java.util.logging.Logger;

import com.bi.common.config.ConfigLoader;
import com.bi.common.config.DeployEnv;
import com.bi.common.config.ServerOptions;
import com.bi.common.config.Settings;
import com.bi.common.data.Database;
import com.bi.common.data.Jdbc;
import com.bi.common.logging.Logging;
import com.bi.common.logging.LoggingOptions;
import com.bi.common.observe.JvmMetrics;
import com.bi.common.observe.PoolMetrics;
import com.bi.common.peers.Peers;
import com.bi.common.security.JwtVerifier;
import com.bi.common.security.ServiceTokens;
import com.bi.common.tenancy.TenancyOptions;
import com.bi.common.tenancy.TenantDirectory;
import com.bi.common.tenancy.TenantGuard;
import com.bi.common.tracing.ClientTracing;
import com.bi.common.tracing.Tracing;
import io.helidon.config.Config;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.webclient.api.WebClient;

/**
 * The platform resources a {@link Service} is wired from, handed to {@link Service#wire} — never fetched from a
 * global. What every service has (settings, environment, clock, metrics, tracing, the JWT verifier) exists from the
 * start; what only some need (the database with its migrations, gRPC peers, the tenant directory, service tokens) is
 * built the first time the wiring asks for it, so a service that never asks never opens a pool or a channel. The
 * {@link ServiceRuntime} closes what was built, after the workers and the server stopped.
 */
public final class Platform implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Platform.class.getName());

    private final String name;
    private final Config config;
    private final Settings settings;
    private final DeployEnv env;
    private final Clock clock;
    private final Tracing tracing;
    private final JwtVerifier verifier;
    private final MeterRegistry metrics;
    private Database database;
    private Jdbc jdbc;
    private Peers peers;
    private TenantDirectory tenants;
    private TenantGuard tenantGuard;
    private ServiceTokens serviceTokens;
    private boolean closed;

    private Platform(String name, Config config, Clock clock) {
        this.name = name;
        this.config = config;
        this.clock = clock;
        this.settings = new Settings(config);
        this.env = DeployEnv.parse(settings.get(ServerOptions.DEPLOY_ENV));
        LoggingOptions logging = LoggingOptions.from(settings);
        Logging.configure(name, env.id(), logging.level(), logging.format());
        this.tracing = Tracing.create(name, env.id(), settings);
        this.verifier = JwtVerifier.create(settings, env);
        this.metrics = Metrics.globalRegistry();
        JvmMetrics.bind(metrics);
        // reloadable at run time (from Nacos): the log level
        LoggingOptions.LEVEL.onChange(config, level -> {
            Logging.level(LoggingOptions.julLevel(level));
            LOG.info("log level now " + level);
        });
    }

    /** The platform of service {@code name} on the layered configuration (jar → env file → config dir → environment). */
    public static Platform load(String name) {
        return create(name, ConfigLoader.load(name, Map.of(), System.getenv()));
    }

    public static Platform create(String name, Config config) {
        return new Platform(name, config, Clock.systemUTC());
    }

    /** As {@link #create(String, Config)} on {@code clock} (tests move time, e.g. past a lockout). */
    public static Platform create(String name, Config config, Clock clock) {
        return new Platform(name, config, clock);
    }

    /** The service's name, e.g. {@code bi-basic}. */
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

    /** The clock use cases read "now" from (UTC in production; tests pass their own). */
    public Clock clock() {
        return clock;
    }

    public Tracing tracing() {
        return tracing;
    }

    /** The JWT verifier both edges use; its issuer and audience are what bi-sys signs for. */
    public JwtVerifier verifier() {
        return verifier;
    }

    public MeterRegistry metrics() {
        return metrics;
    }

    /** The service's own schema: the pool started and migrated on first use. */
    public synchronized Database database() {
        if (database == null) {
            database = Database.start(name, settings, env);
            PoolMetrics.register(metrics, database);
        }
        return database;
    }

    public synchronized Jdbc jdbc() {
        if (jdbc == null) {
            jdbc = new Jdbc(database().dataSource());
        }
        return jdbc;
    }

    /** Whether {@link #database()} was asked for (readiness reports the database only then). */
    synchronized Database databaseIfStarted() {
        return database;
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
            TenancyOptions options = TenancyOptions.from(settings, env);
            tenants = new TenantDirectory(peers().channel(Catalog.BI_TENANT, "bi.tenant.v1.TenantService"),
                    options.ttl(), options.maxStale(), options.timeout(), Clock.systemUTC(),
                    tenant -> serviceTokens().token(tenant));
        }
        return tenants;
    }

    /** Whether the edges check tenant suspension at all ({@code bi.tenant.status.check}, on by default). */
    public boolean tenantCheck() {
        return settings.get(TenancyOptions.STATUS_CHECK);
    }

    /**
     * The platform's suspension check: the tenant directory's, unless {@code bi.tenant.status.check=false}. Without an
     * answer from bi-tenant younger than {@code bi.tenant.status.max.stale}, reads pass and writes follow
     * {@code bi.tenant.status.unverified.writes} ({@code deny} — 503 — by default in prod, {@code allow} elsewhere). A
     * service that is the source of truth declares its own in {@link Wiring.Builder#tenantGuard}.
     */
    public synchronized TenantGuard tenantGuard() {
        if (tenantGuard == null) {
            if (tenantCheck()) {
                TenancyOptions.UnverifiedWrites writes = TenancyOptions.from(settings, env).unverifiedWrites();
                tenantGuard = TenantGuard.of(tenants(), writes == TenancyOptions.UnverifiedWrites.DENY, metrics);
            } else {
                tenantGuard = TenantGuard.NONE;
            }
        }
        return tenantGuard;
    }

    /** Tokens this service mints for itself to call peers from background work, per tenant. */
    public synchronized ServiceTokens serviceTokens() {
        if (serviceTokens == null) {
            serviceTokens = new ServiceTokens(settings, name);
        }
        return serviceTokens;
    }

    /** An HTTP client for a peer or a third party, with a CLIENT span and traceparent on every call. */
    public WebClient httpClient(String baseUri) {
        return WebClient.builder().baseUri(baseUri).addService(new ClientTracing(tracing)).build();
    }

    /** Closes what was built: peers' channels, then the pool, then the tracer. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (peers != null) {
                peers.close();
            }
            if (database != null) {
                database.close();
            }
        }
        tracing.close();
    }
}
