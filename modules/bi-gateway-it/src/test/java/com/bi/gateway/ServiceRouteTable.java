package com.bi.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.bi.common.server.Platform;
import com.bi.common.server.Service;
import com.bi.common.server.ServiceRuntime;
import com.bi.common.server.Wiring;
import com.bi.common.testing.TestDatabase;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.Method;
import io.helidon.http.PathMatcher;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.ErrorHandler;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpSecurity;
import io.helidon.webserver.http.HttpService;

/**
 * A service's real HTTP route table: its declaration's routes are replayed into a recording {@link HttpRouting.Builder}
 * (every {@link HttpService} it registers is asked for its routes with a recording {@link HttpRules}), and which of
 * those routes need a token is asked of the runtime itself — a real server with the service's public paths and the
 * runtime's edge filter answers each route without a token: 401 means the edge wants one.
 */
final class ServiceRouteTable {
    /** One route a service serves: method and Helidon path pattern (with {@code {param}}s), and whether it is public. */
    record ServiceRoute(String service, String method, String pattern, boolean open) {
        /** A concrete path the pattern matches. */
        String samplePath() {
            return pattern.replaceAll("\\{[^}/]+}", "1");
        }

        @Override
        public String toString() {
            return service + " " + method + " " + pattern + (open ? " (public)" : "");
        }
    }

    /** The route tables read so far, by service: each service is wired (and migrated) once per test JVM. */
    private static final Map<String, List<ServiceRoute>> TABLES = new HashMap<>();

    private ServiceRouteTable() {
    }

    private static Map<String, String> probeConfig() {
        Map<String, String> config = new HashMap<>(Map.of(
                "deploy.env", "dev",
                "server.host", "127.0.0.1",
                "server.port", "0",
                "bi.grpc.port", "0",
                "bi.jwt.secret", "route-table-probe-secret-of-at-least-32-bytes",
                "bi.tenant.status.check", "false",
                "bi.tracing.exporter", "none"));
        return config;
    }

    /** {@code service}'s route table, from its own declaration wired on a fresh schema (its routes exactly as it runs them). */
    static synchronized List<ServiceRoute> of(Service service) {
        List<ServiceRoute> table = TABLES.get(service.name());
        if (table == null) {
            table = read(service);
            TABLES.put(service.name(), table);
        }
        return table;
    }

    private static List<ServiceRoute> read(Service service) {
        Map<String, String> config = probeConfig();
        config.putAll(TestDatabase.config("routes_" + service.name().replaceFirst("^bi-", "").replace('-', '_')));
        ServiceRuntime wired = ServiceRuntime.create(service, Platform.create(service.name(), Config.just(ConfigSources.create(config))));
        try {
            Recorder recorder = new Recorder();
            wired.wiring().routing(recorder);
            if (recorder.routes.isEmpty()) {
                throw new AssertionError(service.name() + " registered no HTTP route");
            }
            return probe(service.name(), wired.wiring().publicPaths(), recorder.routes);
        } finally {
            wired.close();
        }
    }

    /** The runtime's edge filter decides: a stub answers every recorded route, the filter answers 401 before it when a token is needed. */
    private static List<ServiceRoute> probe(String service, List<String> publicPaths, Map<String, String> routes) {
        Service stub = new Service() {
            @Override
            public String name() {
                return service;
            }

            @Override
            public Wiring wire(Platform platform) {
                return Wiring.builder(routes)
                        .publicPaths(publicPaths.toArray(String[]::new))
                        .http(routing -> routes.forEach((key, pattern) -> routing.route(
                                Method.create(key.substring(0, key.indexOf(' '))), pattern, (req, res) -> res.send("stub"))))
                        .build();
            }
        };
        ServiceRuntime runtime = ServiceRuntime.create(stub, Platform.create(service, Config.just(ConfigSources.create(probeConfig()))));
        WebServerConfig.Builder builder = WebServer.builder();
        runtime.configure(builder);
        WebServer server = builder.build().start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            List<ServiceRoute> out = new ArrayList<>();
            for (var e : routes.entrySet()) {
                String method = e.getKey().substring(0, e.getKey().indexOf(' '));
                ServiceRoute route = new ServiceRoute(service, method, e.getValue(), false);
                HttpRequest.BodyPublisher body = method.equals("POST") || method.equals("PUT") || method.equals("PATCH")
                        ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody();
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + route.samplePath()))
                        .method(method, body).header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() == 200 && res.body().equals("stub")) {
                    out.add(new ServiceRoute(service, method, e.getValue(), true));
                } else if (res.statusCode() == 401 && res.body().contains("bearer token is required")) {
                    out.add(route);
                } else {
                    throw new AssertionError(route + ": the probe without a token got " + res.statusCode() + " " + res.body());
                }
            }
            return out;
        } catch (java.io.IOException e) {
            throw new AssertionError("probing " + service + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            server.stop();
            runtime.close();
        }
    }

    /** Joins a registration prefix and a route pattern as Helidon matches them. */
    static String join(String prefix, String pattern) {
        if (pattern == null || pattern.isEmpty() || pattern.equals("/")) {
            return prefix.isEmpty() ? "/" : prefix;
        }
        return (prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix) + (pattern.startsWith("/") ? pattern : "/" + pattern);
    }

    /** Records "METHOD pattern" for the rules of one registration prefix; anything it cannot read fails loudly. */
    private static class Rules implements HttpRules {
        final Map<String, String> routes;
        final String prefix;

        Rules(Map<String, String> routes, String prefix) {
            this.routes = routes;
            this.prefix = prefix;
        }

        void add(Method method, String pattern) {
            String full = join(prefix, pattern);
            routes.put(method.text() + " " + full, full);
        }

        @Override
        public HttpRules register(HttpService... services) {
            return register("", services);
        }

        @Override
        public HttpRules register(String pathPattern, HttpService... services) {
            String nested = pathPattern == null || pathPattern.isEmpty() ? prefix : join(prefix, pathPattern);
            for (HttpService s : services) {
                s.routing(new Rules(routes, nested));
            }
            return this;
        }

        @Override
        public HttpRules route(HttpRoute route) {
            throw new UnsupportedOperationException("a prebuilt HttpRoute hides its method and path; register routes by method and pattern");
        }

        @Override
        public HttpRules route(Method method, String pathPattern, Handler handler) {
            add(method, pathPattern);
            return this;
        }

        @Override
        public HttpRules route(Method method, Handler handler) {
            add(method, "/");
            return this;
        }

        @Override
        public HttpRules route(Method method, PathMatcher pathMatcher, Handler handler) {
            throw new UnsupportedOperationException("a PathMatcher hides its pattern");
        }

        @Override
        public HttpRules route(Predicate<Method> methodPredicate, PathMatcher pathMatcher, Handler handler) {
            throw new UnsupportedOperationException("a method predicate hides its methods");
        }
    }

    /** The routing builder a service's Main fills in. */
    private static final class Recorder implements HttpRouting.Builder {
        final Map<String, String> routes = new LinkedHashMap<>();
        private final Rules root = new Rules(routes, "");

        @Override
        public HttpRouting.Builder register(HttpService... services) {
            root.register(services);
            return this;
        }

        @Override
        public HttpRouting.Builder register(String pathPattern, HttpService... services) {
            root.register(pathPattern, services);
            return this;
        }

        @Override
        public HttpRouting.Builder route(HttpRoute route) {
            root.route(route);
            return this;
        }

        @Override
        public HttpRouting.Builder route(Method method, String pathPattern, Handler handler) {
            root.route(method, pathPattern, handler);
            return this;
        }

        @Override
        public HttpRouting.Builder route(Method method, Handler handler) {
            root.route(method, handler);
            return this;
        }

        @Override
        public HttpRouting.Builder route(Method method, PathMatcher pathMatcher, Handler handler) {
            root.route(method, pathMatcher, handler);
            return this;
        }

        @Override
        public HttpRouting.Builder route(Predicate<Method> methodPredicate, PathMatcher pathMatcher, Handler handler) {
            root.route(methodPredicate, pathMatcher, handler);
            return this;
        }

        @Override
        public HttpRouting.Builder addFilter(Filter filter) {
            return this;
        }

        @Override
        public HttpRouting.Builder addFeature(Supplier<? extends HttpFeature> feature) {
            throw new UnsupportedOperationException("a feature may add routes this recorder cannot see");
        }

        @Override
        public <T extends Throwable> HttpRouting.Builder error(Class<T> exceptionClass, ErrorHandler<? super T> handler) {
            return this;
        }

        @Override
        public HttpRouting.Builder maxReRouteCount(int maxReRouteCount) {
            return this;
        }

        @Override
        public HttpRouting.Builder security(HttpSecurity security) {
            return this;
        }

        @Override
        public HttpRouting.Builder copy() {
            throw new UnsupportedOperationException();
        }

        @Override
        public HttpRouting build() {
            throw new UnsupportedOperationException("a recorder builds nothing");
        }
    }
}
