package com.bi.common.testing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.helidon.http.Method;
import io.helidon.http.PathMatcher;
import io.helidon.webserver.http.ErrorHandler;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpSecurity;
import io.helidon.webserver.http.HttpService;

/**
 * An {@link HttpRouting.Builder} that builds nothing: it records every route a service's wiring declares (method and
 * full path pattern, through nested {@link HttpService}s). Suites (the hostile-input corpus, the gateway contract) feed
 * each service's own routing code into it, so a route added tomorrow is enumerated without touching them. A route
 * declared in a way that hides its method or path (a bare {@link HttpRoute}, a {@link PathMatcher}, a feature) is
 * recorded as {@link #opaque()}: the caller fails on it, rather than letting the route escape.
 */
public final class RouteRecorder implements HttpRouting.Builder {
    /** A declared route: {@code GET /api/basic/v1/shops/{id}}. */
    public record Route(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }

        public boolean hasBody() {
            return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        }

        /** A concrete path the pattern matches: every {@code {param}} as 1. */
        public String samplePath() {
            return path.replaceAll("\\{[^}/]+}", "1");
        }
    }

    private final String prefix;
    private final Set<Route> routes;
    private final List<String> opaque;

    public RouteRecorder() {
        this("", new LinkedHashSet<>(), new ArrayList<>());
    }

    private RouteRecorder(String prefix, Set<Route> routes, List<String> opaque) {
        this.prefix = prefix;
        this.routes = routes;
        this.opaque = opaque;
    }

    /** The routes in the order they were declared, each once. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** What was declared but cannot be enumerated (empty when every route is known). */
    public List<String> opaque() {
        return List.copyOf(opaque);
    }

    private String join(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return prefix.isEmpty() ? "/" : prefix;
        }
        return (prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix) + (path.startsWith("/") ? path : "/" + path);
    }

    @Override
    public HttpRouting.Builder register(HttpService... services) {
        for (HttpService service : services) {
            service.routing(this);
        }
        return this;
    }

    @Override
    public HttpRouting.Builder register(String path, HttpService... services) {
        RouteRecorder nested = new RouteRecorder(join(path), routes, opaque);
        for (HttpService service : services) {
            service.routing(nested);
        }
        return this;
    }

    @Override
    public HttpRouting.Builder route(Method method, String pathPattern, Handler handler) {
        routes.add(new Route(method.text(), join(pathPattern)));
        return this;
    }

    @Override
    public HttpRouting.Builder route(Method method, Handler handler) {
        routes.add(new Route(method.text(), join("/")));
        return this;
    }

    @Override
    public HttpRouting.Builder any(String pathPattern, Handler... handlers) {
        opaque.add("ANY " + join(pathPattern));
        return this;
    }

    @Override
    public HttpRouting.Builder any(Handler... handlers) {
        opaque.add("ANY " + join("/"));
        return this;
    }

    @Override
    public HttpRouting.Builder route(Predicate<Method> methodPredicate, PathMatcher pathMatcher, Handler handler) {
        opaque.add("predicate route under " + join("/") + " (" + pathMatcher + ")");
        return this;
    }

    @Override
    public HttpRouting.Builder route(Method method, PathMatcher pathMatcher, Handler handler) {
        opaque.add(method.text() + " " + pathMatcher + " under " + join("/"));
        return this;
    }

    @Override
    public HttpRouting.Builder route(HttpRoute route) {
        opaque.add("a prebuilt HttpRoute under " + join("/"));
        return this;
    }

    @Override
    public HttpRouting.Builder addFilter(Filter filter) {
        return this;
    }

    @Override
    public HttpRouting.Builder addFeature(Supplier<? extends HttpFeature> feature) {
        opaque.add("an HttpFeature under " + join("/") + " (its routes cannot be enumerated)");
        return this;
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
        return this;
    }

    @Override
    public HttpRouting build() {
        throw new UnsupportedOperationException("a recorder builds no routing");
    }
}
