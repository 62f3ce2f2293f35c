package com.bi.common.openapi;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;

/**
 * The routes a service's routing code declares, as {@code "METHOD /full/pattern"}: the code is run against a routing
 * builder that builds nothing and records every {@code route(method, pattern, handler)} — through nested
 * {@link HttpService}s and every shorthand ({@code get}, {@code post}, ...), which Helidon implements on top of it.
 * A declaration that hides its method or path (a prebuilt route, a path matcher, {@code any}, a feature) fails
 * loudly instead of escaping the comparison with the document.
 */
public final class RecordedRoutes {
    private RecordedRoutes() {
    }

    public static Set<String> of(Consumer<HttpRouting.Builder> routing) {
        Set<String> routes = new TreeSet<>();
        routing.accept(recorder("", routes));
        if (routes.isEmpty()) {
            throw new AssertionError("the routing registered no HTTP route");
        }
        return routes;
    }

    private static HttpRouting.Builder recorder(String prefix, Set<String> routes) {
        InvocationHandler handler = new InvocationHandler() {
            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                String name = method.getName();
                Class<?>[] types = method.getParameterTypes();
                if (name.equals("route") && types.length == 3 && types[0] == io.helidon.http.Method.class
                        && types[1] == String.class && types[2] == io.helidon.webserver.http.Handler.class) {
                    routes.add(((io.helidon.http.Method) args[0]).text() + " " + join(prefix, (String) args[1]));
                    return proxy;
                }
                if (name.equals("route") && types.length == 2 && types[0] == io.helidon.http.Method.class
                        && types[1] == io.helidon.webserver.http.Handler.class) {
                    routes.add(((io.helidon.http.Method) args[0]).text() + " " + join(prefix, "/"));
                    return proxy;
                }
                if (name.equals("register") && types.length == 1 && types[0] == HttpService[].class) {
                    for (HttpService service : (HttpService[]) args[0]) {
                        service.routing((HttpRouting.Builder) proxy);
                    }
                    return proxy;
                }
                if (name.equals("register") && types.length == 2 && types[0] == String.class && types[1] == HttpService[].class) {
                    HttpRouting.Builder nested = recorder(join(prefix, (String) args[0]), routes);
                    for (HttpService service : (HttpService[]) args[1]) {
                        service.routing(nested);
                    }
                    return proxy;
                }
                if (Set.of("addFilter", "error", "maxReRouteCount", "security").contains(name)) {
                    return proxy; // no route
                }
                if (name.equals("toString") && types.length == 0) {
                    return "route recorder under '" + prefix + "'";
                }
                if (method.isDefault() && !name.equals("any") && !(name.equals("route") && Arrays.stream(types)
                        .anyMatch(t -> t == io.helidon.http.PathMatcher.class))) {
                    // get/post/..., register(Supplier...): Helidon's defaults end in the methods above
                    return InvocationHandler.invokeDefault(proxy, method, args);
                }
                throw new AssertionError(name + Arrays.toString(types) + " under '" + prefix
                        + "' hides the route's method or path; declare routes by method and path pattern");
            }
        };
        return (HttpRouting.Builder) Proxy.newProxyInstance(RecordedRoutes.class.getClassLoader(),
                new Class<?>[] {HttpRouting.Builder.class}, handler);
    }

    /** A registration prefix and a route pattern joined as Helidon matches them. */
    static String join(String prefix, String pattern) {
        if (pattern == null || pattern.isEmpty() || pattern.equals("/")) {
            return prefix.isEmpty() ? "/" : prefix;
        }
        String head = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return head + (pattern.startsWith("/") ? pattern : "/" + pattern);
    }
}
