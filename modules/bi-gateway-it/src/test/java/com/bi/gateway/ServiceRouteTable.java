package com.bi.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import com.bi.common.server.ServiceKit;
import com.bi.common.testing.RouteRecorder;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;

/**
 * A service's real HTTP route table: its {@code Main.routing(...)} is called with the kit's {@link RouteRecorder}
 * (every service it registers is asked for its routes), and which of
 * those routes need a token is asked of the kit itself — a real server with the service's public paths and the kit's
 * edge filter answers each route without a token: 401 means the kit wants one.
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

    /** How a service wires its routes and declares its public paths, exactly as its Main does. */
    record Spec(String service, Consumer<ServiceKit> publicPaths, BiConsumer<ServiceKit, HttpRouting.Builder> routing) {
    }

    private ServiceRouteTable() {
    }

    static List<ServiceRoute> of(Spec spec) {
        ServiceKit kit = ServiceKit.create(spec.service(), Config.just(ConfigSources.create(Map.of(
                "deploy.env", "dev",
                "server.host", "127.0.0.1",
                "server.port", "0",
                "bi.grpc.port", "0",
                "bi.jwt.secret", "route-table-probe-secret-of-at-least-32-bytes",
                "bi.tenant.status.check", "false",
                "bi.tracing.exporter", "none"))));
        spec.publicPaths().accept(kit);
        RouteRecorder recorder = new RouteRecorder();
        spec.routing().accept(kit, recorder);
        if (!recorder.opaque().isEmpty()) {
            throw new AssertionError(spec.service() + " declares routes whose method or path cannot be read: " + recorder.opaque());
        }
        if (recorder.routes().isEmpty()) {
            throw new AssertionError(spec.service() + " registered no HTTP route");
        }
        Map<String, String> routes = new LinkedHashMap<>();
        recorder.routes().forEach(route -> routes.put(route.toString(), route.path()));
        return probe(kit, spec.service(), routes);
    }

    /** The kit's edge filter decides: a stub answers every recorded route, the filter answers 401 before it when a token is needed. */
    private static List<ServiceRoute> probe(ServiceKit kit, String service, Map<String, String> routes) {
        WebServerConfig.Builder builder = WebServer.builder();
        kit.configure(builder, routing -> routes.forEach((key, pattern) ->
                routing.route(Method.create(key.substring(0, key.indexOf(' '))), pattern, (req, res) -> res.send("stub"))), grpc -> {
        });
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
            kit.close();
        }
    }

    /**
     * An instance of a wiring type (a service's use cases, its {@code Main}'s records) through its canonical (record)
     * or only public constructor with every argument null/zero: registering routes stores them, only a handled request would use
     * them. Keeps the specs compiling when a service adds a dependency.
     */
    static <T> T unwired(Class<T> type) {
        try {
            java.lang.reflect.Constructor<?> constructor;
            if (type.isRecord()) {
                constructor = type.getDeclaredConstructor(java.util.Arrays.stream(type.getRecordComponents())
                        .map(java.lang.reflect.RecordComponent::getType).toArray(Class<?>[]::new));
            } else if (type.getConstructors().length == 1) {
                constructor = type.getConstructors()[0];
            } else {
                throw new AssertionError(type + " has " + type.getConstructors().length + " public constructors; wire it explicitly");
            }
            Object[] args = java.util.Arrays.stream(constructor.getParameterTypes()).map(ServiceRouteTable::zero).toArray();
            return type.cast(constructor.newInstance(args));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot build " + type + " for its route table: " + e, e);
        }
    }

    private static Object zero(Class<?> t) {
        if (!t.isPrimitive()) {
            return null;
        }
        return t == boolean.class ? Boolean.FALSE : t == long.class ? 0L : t == double.class ? 0d : t == float.class ? 0f
                : t == char.class ? (Object) '\0' : t == byte.class ? (byte) 0 : t == short.class ? (short) 0 : 0;
    }
}
