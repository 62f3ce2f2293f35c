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

import com.bi.common.server.Platform;
import com.bi.common.server.Service;
import com.bi.common.server.ServiceRuntime;
import com.bi.common.server.Wiring;
import com.bi.common.testing.RouteRecorder;
import com.bi.common.testing.TestDatabase;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

/**
 * A service's real HTTP route table: its declaration's routes are replayed into the kit's {@link RouteRecorder}
 * (every service it registers is asked for its routes), and which of
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
            RouteRecorder recorder = new RouteRecorder();
            wired.wiring().routing(recorder);
            if (!recorder.opaque().isEmpty()) {
                throw new AssertionError(service.name() + " declares routes whose method or path cannot be read: " + recorder.opaque());
            }
            if (recorder.routes().isEmpty()) {
                throw new AssertionError(service.name() + " registered no HTTP route");
            }
            Map<String, String> routes = new LinkedHashMap<>();
            recorder.routes().forEach(route -> routes.put(route.toString(), route.path()));
            return probe(service.name(), wired.wiring().publicPaths(), routes);
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
}
