package com.bi.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.bi.common.config.ConfigLoader;
import com.bi.common.logging.LogContext;
import com.bi.common.server.Catalog;
import com.bi.common.server.Platform;
import com.bi.common.server.Service;
import com.bi.common.server.ServiceRuntime;
import io.helidon.config.Config;

/**
 * Every registered service of the catalog in this JVM, each on its own ports, its own schema of one database and
 * its own configuration (its jar's {@code application.yaml}), started in parallel and stopped in parallel with the
 * services' own two-phase shutdown.
 */
public final class LocalPlatform implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalPlatform.class.getName());

    /** The database every service gets a schema of. */
    public record DatabaseAccess(String url, String user, String password) {
        @Override
        public String toString() {
            return "DatabaseAccess[" + url + ", " + user + "]";
        }
    }

    /** A service's state for the status table. */
    public enum State { STARTING, READY, FAILED, STOPPED }

    /** One service of the platform: its runtime once started, when it became ready (since the launch) or why it failed. */
    public static final class Running {
        private final String name;
        private final ServicePorts.Ports ports;
        private volatile ServiceRuntime runtime;
        private volatile State state = State.STARTING;
        private volatile Duration readyAfter;
        private volatile String failure;

        Running(String name, ServicePorts.Ports ports) {
            this.name = name;
            this.ports = ports;
        }

        public String name() {
            return name;
        }

        public ServicePorts.Ports ports() {
            return ports;
        }

        public State state() {
            return state == State.READY && runtime != null && !runtime.ready() ? State.STARTING : state;
        }

        public Duration readyAfter() {
            return readyAfter;
        }

        public String failure() {
            return failure;
        }
    }

    private static final Object SERVE = new Object();
    private final List<Running> services = new ArrayList<>();
    private final Map<String, ServiceRuntime> runtimes = new HashMap<>();

    private LocalPlatform() {
    }

    /** The services registered on the class path (META-INF/services/com.bi.common.server.Service), in catalog order. */
    public static List<Service> registered() {
        List<Service> found = new ArrayList<>();
        for (Service service : ServiceLoader.load(Service.class)) {
            found.add(service);
        }
        List<String> order = Catalog.all().stream().map(Catalog::serviceName).toList();
        found.sort(Comparator.comparingInt(s -> order.indexOf(s.name()) < 0 ? Integer.MAX_VALUE : order.indexOf(s.name())));
        return found;
    }

    /**
     * Starts {@code services} side by side and returns when each is ready or has failed (a failed one is reported in
     * the status, the others run on).
     *
     * @param overrides per service, the settings that win over its files and the environment (database, secrets, ports)
     */
    public static LocalPlatform start(List<Service> services, Function<String, Map<String, String>> overrides, long launchedNanos) {
        LocalPlatform platform = new LocalPlatform();
        try (ExecutorService starters = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> started = new ArrayList<>();
            for (Service service : services) {
                Catalog entry = Catalog.find(service.name()).filter(Catalog::hasPorts).orElseThrow(() ->
                        new IllegalStateException(service.getClass().getName() + " is registered as a service but "
                                + service.name() + " is no service with ports in the catalog"));
                Map<String, String> settings = overrides.apply(entry.serviceName());
                Running running = new Running(entry.serviceName(), new ServicePorts.Ports(
                        Integer.parseInt(settings.get("server.port")), Integer.parseInt(settings.get("bi.grpc.port"))));
                platform.services.add(running);
                started.add(starters.submit(() -> platform.startOne(service, running, settings, launchedNanos)));
            }
            for (Future<?> future : started) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            platform.close();
            throw new IllegalStateException("interrupted while starting the services", e);
        } catch (ExecutionException e) {
            platform.close();
            throw new IllegalStateException("starting the services failed", e.getCause());
        }
        return platform;
    }

    private void startOne(Service service, Running running, Map<String, String> settings, long launchedNanos) {
        try {
            // the service's own application.yaml (its schema, its defaults), not the first one on the shared class path
            Config config = ConfigLoader.load(service.name(), service.getClass(), settings, System.getenv());
            ServiceRuntime runtime = ServiceRuntime.create(service, Platform.create(service.name(), config));
            synchronized (this) {
                runtimes.put(service.name(), runtime);
            }
            running.runtime = runtime;
            // wiring (migrations included) runs in parallel; building the servers does not: Helidon's metrics feature
            // keeps a process-wide HashMap that two servers built at once corrupt (ConcurrentModificationException)
            synchronized (SERVE) {
                runtime.serve();
            }
            running.readyAfter = Duration.ofNanos(System.nanoTime() - launchedNanos);
            running.state = State.READY;
        } catch (RuntimeException e) {
            running.failure = failureText(e, running.ports());
            running.state = State.FAILED;
            ServiceRuntime half = running.runtime;
            if (half != null) {
                synchronized (this) {
                    runtimes.remove(service.name());
                }
                half.close(); // what it opened (its pool, its channels) before failing
            }
            LOG.log(Level.SEVERE, service.name() + " failed to start: " + running.failure, e);
        }
    }

    /** Why a service did not start, for the status table; a taken port says how to move every service's ports. */
    static String failureText(Throwable e, ServicePorts.Ports ports) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.BindException) {
                String hint = "--port-offset N moves every service's ports by N";
                boolean named = cause.getMessage() != null && cause.getMessage().startsWith("port "); // ServiceRuntime's
                return text + " (" + (named ? "" : "port " + ports.http() + " or " + ports.grpc()
                        + " is taken by another program; ") + hint + ")";
            }
        }
        return text;
    }

    public List<Running> services() {
        return List.copyOf(services);
    }

    /** Whether every service started (none failed). */
    public boolean allReady() {
        return services.stream().allMatch(s -> s.state() == State.READY);
    }

    /**
     * Stops every service at once, each with its two-phase shutdown (readiness DOWN, in-flight requests drained,
     * then workers, server and pool closed), and returns when all have stopped.
     */
    @Override
    public void close() {
        List<ServiceRuntime> toStop;
        synchronized (this) {
            toStop = List.copyOf(runtimes.values());
            runtimes.clear();
        }
        try (ExecutorService stoppers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ServiceRuntime runtime : toStop) {
                stoppers.submit(() -> {
                    LogContext.serviceOfThisThread(runtime.name()); // its shutdown's lines name it
                    try {
                        runtime.shutdown();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, runtime.name() + " did not stop cleanly", e);
                    }
                });
            }
        }
        services.forEach(s -> s.state = State.STOPPED);
    }
}
