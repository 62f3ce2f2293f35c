package com.bi.common.testing;

import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import com.bi.common.config.ConfigLoader;
import com.bi.common.server.Platform;
import com.bi.common.server.Service;
import com.bi.common.server.ServiceRuntime;
import com.bi.common.server.Wiring;
import com.bi.common.work.Worker;
import com.bi.common.work.Workers;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real service under test, built from its own {@link Service} declaration — the wiring production runs — on a
 * test configuration ({@link TestKits#defaults()}: loopback, random ports for both listeners, the test JWT secret).
 * As a JUnit 5 extension it starts before the class's tests and stops after them:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ServiceUnderTest BASIC = ServiceUnderTest.of(new BasicService()).withDatabase();
 * }</pre>
 *
 * Test constructors and methods may take the {@link WebServer}, its {@link URI}, an {@link Http} client on it, or
 * the {@link ServiceRuntime}. Outside JUnit (a multi-service fixture), {@link #start()} and {@link #close()} do the
 * same by hand. Declared workers start only after {@link #withWorkers()}, so a test of the API does not race a loop.
 */
public final class ServiceUnderTest implements BeforeAllCallback, AfterAllCallback, ParameterResolver, AutoCloseable {
    private final Service service;
    private final Map<String, String> config = TestKits.defaults();
    private Clock clock = Clock.systemUTC();
    private boolean remoteConfig;
    private boolean workers;
    private Consumer<HttpRouting.Builder> extraRoutes;
    private ServiceRuntime runtime;
    private WebServer server;

    private ServiceUnderTest(Service service) {
        this.service = service;
    }

    public static ServiceUnderTest of(Service service) {
        return new ServiceUnderTest(service);
    }

    /** A fresh schema of its own in the test PostgreSQL (named after the service, without {@code bi-}). */
    public ServiceUnderTest withDatabase() {
        return withDatabase(service.name().replaceFirst("^bi-", "").replace('-', '_'));
    }

    /** A fresh schema {@code <prefix>_<random>} in the test PostgreSQL. */
    public ServiceUnderTest withDatabase(String schemaPrefix) {
        config.putAll(TestDatabase.config(schemaPrefix));
        return this;
    }

    public ServiceUnderTest config(Map<String, String> overrides) {
        config.putAll(overrides);
        return this;
    }

    public ServiceUnderTest config(String key, String value) {
        config.put(key, value);
        return this;
    }

    /** Loads the remote configuration layer (Nacos) too, when a provider on the classpath is enabled by the config. */
    public ServiceUnderTest withRemoteConfig() {
        this.remoteConfig = true;
        return this;
    }

    /** The clock the platform hands to the wiring (tests move time, e.g. past a lockout). */
    public ServiceUnderTest clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Starts the service's declared workers with the server, as production does. */
    public ServiceUnderTest withWorkers() {
        this.workers = true;
        return this;
    }

    /** Adds test-only routes next to the service's own (a slow probe route, a failure to provoke). */
    public ServiceUnderTest routes(Consumer<HttpRouting.Builder> routes) {
        this.extraRoutes = routes;
        return this;
    }

    /** The configuration the service starts (or started) with. */
    public Map<String, String> configuration() {
        return Map.copyOf(config);
    }

    /** Wires the service and starts its server (and its workers after {@link #withWorkers()}). */
    public ServiceUnderTest start() {
        if (runtime != null) {
            throw new IllegalStateException(service.name() + " is already started");
        }
        Map<String, String> settings = new HashMap<>(config);
        Platform platform = Platform.create(service.name(), remoteConfig ? ConfigLoader.load(service.name(), settings, Map.of())
                : ConfigLoader.load(settings, Map.of()), clock);
        Service declared = extraRoutes == null ? service : new Service() {
            @Override
            public String name() {
                return service.name();
            }

            @Override
            public Wiring wire(Platform resources) {
                return service.wire(resources).toBuilder().http(extraRoutes).build();
            }
        };
        runtime = ServiceRuntime.create(declared, platform);
        try {
            WebServerConfig.Builder builder = WebServer.builder();
            runtime.configure(builder);
            server = builder.build().start();
            runtime.attach(server);
            if (workers) {
                runtime.startWorkers();
            }
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        return this;
    }

    public ServiceRuntime runtime() {
        return started(runtime);
    }

    public Platform platform() {
        return runtime().platform();
    }

    /** The use cases the service wired, as {@code type}. */
    public <T> T app(Class<T> type) {
        return runtime().wiring().app(type);
    }

    /** The declared worker of {@code type} (to hook a fault into it before {@link #startWorkers()}). */
    public <W extends Worker> W worker(Class<W> type) {
        return runtime().wiring().workers().stream().map(Wiring.DeclaredWorker::worker).filter(type::isInstance)
                .map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException(service.name() + " declares no worker of " + type.getName()));
    }

    /** Starts the declared workers now (a test that hooks into one first). */
    public ServiceUnderTest startWorkers() {
        runtime().startWorkers();
        return this;
    }

    /** The supervisor of the service's workers (health, state). */
    public Workers workers() {
        return runtime().workers();
    }

    public WebServer server() {
        return started(server);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server().port());
    }

    public int port() {
        return server().port();
    }

    public int grpcPort() {
        return server().port(ServiceRuntime.GRPC_SOCKET);
    }

    /** {@code 127.0.0.1:<grpc port>}, as a peer address setting wants it. */
    public String grpcAddress() {
        return "127.0.0.1:" + grpcPort();
    }

    public Http http() {
        return new Http(uri());
    }

    private <T> T started(T value) {
        if (value == null) {
            throw new IllegalStateException(service.name() + " is not started");
        }
        return value;
    }

    /** Stops the workers, the server and the platform's resources. Idempotent. */
    @Override
    public void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == WebServer.class || type == URI.class || type == Http.class || type == ServiceRuntime.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == WebServer.class) {
            return server();
        }
        if (type == URI.class) {
            return uri();
        }
        if (type == Http.class) {
            return http();
        }
        return runtime();
    }
}
