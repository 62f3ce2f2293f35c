package com.bi.common.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import com.bi.common.grpc.GrpcServices;
import com.bi.common.ratelimit.TenantRateLimit;
import com.bi.common.tenancy.TenantGuard;
import com.bi.common.work.Worker;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.helidon.webserver.http.HttpRouting;

/**
 * What a wired {@link Service} runs, as {@link Service#wire} returns it: its HTTP routes, its gRPC services, its
 * background workers, the paths that need no token, and — for the service that is the source of truth about tenants
 * — its own tenant guard and rate-limit quotas. {@link #app()} is the wired use cases, for tests that drive them
 * directly. Immutable; build one with {@link #builder(Object)}.
 */
public final class Wiring {
    /** A declared worker and how long its loop waits after an idle iteration (zero for one that blocks by itself). */
    public record DeclaredWorker(Worker worker, Duration idleDelay) {
        public DeclaredWorker {
            Objects.requireNonNull(worker, "worker");
            if (idleDelay == null || idleDelay.isNegative()) {
                throw new IllegalArgumentException("the idle delay of worker " + worker.name() + " must be zero or more; got " + idleDelay);
            }
        }
    }

    private final Object app;
    private final List<String> publicPaths;
    private final Consumer<HttpRouting.Builder> http;
    private final List<ServerServiceDefinition> grpc;
    private final List<DeclaredWorker> workers;
    private final TenantGuard tenantGuard;
    private final TenantRateLimit.Quotas rateQuotas;
    private final List<AutoCloseable> closeables;

    private Wiring(Builder builder) {
        this.app = builder.app;
        this.publicPaths = List.copyOf(builder.publicPaths);
        this.http = builder.http;
        this.grpc = List.copyOf(builder.grpc);
        this.workers = List.copyOf(builder.workers);
        this.tenantGuard = builder.tenantGuard;
        this.rateQuotas = builder.rateQuotas;
        this.closeables = List.copyOf(builder.closeables);
    }

    /** A wiring whose use cases are {@code app} (any object: a record of use cases, one use case). */
    public static Builder builder(Object app) {
        return new Builder(app);
    }

    /** A builder holding everything this wiring declares, to add to (a test adds a probe route). */
    public Builder toBuilder() {
        Builder builder = new Builder(app);
        builder.publicPaths.addAll(publicPaths);
        builder.http = http;
        builder.grpc.addAll(grpc);
        builder.workers.addAll(workers);
        builder.tenantGuard = tenantGuard;
        builder.rateQuotas = rateQuotas;
        builder.closeables.addAll(closeables);
        return builder;
    }

    /** The wired use cases as the service built them. */
    public Object app() {
        return app;
    }

    /** The wired use cases as {@code type}. */
    public <T> T app(Class<T> type) {
        return type.cast(app);
    }

    /** Paths under {@code /api/} that need no token (a login endpoint, a signed webhook); {@code /x/*} for a prefix. */
    public List<String> publicPaths() {
        return publicPaths;
    }

    /** Adds the service's HTTP routes (the runtime adds the edge filter, problem rendering and observe endpoints). */
    public void routing(HttpRouting.Builder routing) {
        http.accept(routing);
    }

    /** The gRPC services, each already guarded (an unparsable request answers INVALID_ARGUMENT). */
    public List<ServerServiceDefinition> grpcServices() {
        return grpc;
    }

    /** The background loops the runtime starts after the server and stops before it. */
    public List<DeclaredWorker> workers() {
        return workers;
    }

    /** The service's own suspension check, when it replaces the platform's (bi-tenant reads its own table). */
    public Optional<TenantGuard> tenantGuard() {
        return Optional.ofNullable(tenantGuard);
    }

    /** Where the edge's rate limit reads a tenant's quota, when not from the tenant directory. */
    public Optional<TenantRateLimit.Quotas> rateQuotas() {
        return Optional.ofNullable(rateQuotas);
    }

    /** What the runtime closes after the workers stopped and before the server and the platform close (e.g. a sink). */
    public List<AutoCloseable> closeables() {
        return closeables;
    }

    public static final class Builder {
        private final Object app;
        private final List<String> publicPaths = new ArrayList<>();
        private Consumer<HttpRouting.Builder> http = routing -> { };
        private final List<ServerServiceDefinition> grpc = new ArrayList<>();
        private final List<DeclaredWorker> workers = new ArrayList<>();
        private TenantGuard tenantGuard;
        private TenantRateLimit.Quotas rateQuotas;
        private final List<AutoCloseable> closeables = new ArrayList<>();

        private Builder(Object app) {
            this.app = app;
        }

        public Builder publicPaths(String... paths) {
            publicPaths.addAll(List.of(paths));
            return this;
        }

        public Builder http(Consumer<HttpRouting.Builder> routes) {
            this.http = this.http.andThen(Objects.requireNonNull(routes, "routes"));
            return this;
        }

        public Builder grpc(BindableService service) {
            grpc.add(GrpcServices.guarded(service));
            return this;
        }

        public Builder worker(Worker worker, Duration idleDelay) {
            workers.add(new DeclaredWorker(worker, idleDelay));
            return this;
        }

        public Builder tenantGuard(TenantGuard guard) {
            this.tenantGuard = Objects.requireNonNull(guard, "guard");
            return this;
        }

        public Builder rateQuotas(TenantRateLimit.Quotas quotas) {
            this.rateQuotas = Objects.requireNonNull(quotas, "quotas");
            return this;
        }

        /**
         * Rows the service keeps only for a while (inbox, rejects, logs): served as
         * {@code bi.maintenance.v1.Maintenance/Purge}, which bi-cron's {@code retention} job calls. Each policy's
         * window is an option the service declares in its catalog (read live at every purge).
         */
        public Builder retention(Platform platform, com.bi.common.maintenance.RetentionPolicy... policies) {
            return grpc(new com.bi.common.maintenance.MaintenanceGrpcService(new com.bi.common.maintenance.Retention(
                    platform.jdbc(), platform::liveSettings, () -> platform.clock().instant(), List.of(policies))));
        }

        /** Closed on shutdown after the workers stopped, in declaration order. */
        public Builder closeOnStop(AutoCloseable closeable) {
            closeables.add(Objects.requireNonNull(closeable, "closeable"));
            return this;
        }

        public Wiring build() {
            return new Wiring(this);
        }
    }
}
