package com.bi.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the APISIX pods (no APISIX can run here) that routes by the rendered apisix.yaml with the semantics
 * {@link Apisix} models — route choice, {@code jwt-auth} with the pods' environment — and proxies to the real
 * services. Rate limits, CORS, ip-restriction and the WAF are not modelled: this carries the auth flows only.
 */
final class MiniGateway implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding",
            "upgrade", "keep-alive", "expect");

    private final Apisix config;
    private final Map<String, URI> upstreams;
    private final Map<String, String> podEnv;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    MiniGateway(Apisix config, Map<String, URI> upstreams, Map<String, String> podEnv) throws IOException {
        this.config = config;
        this.upstreams = upstreams;
        this.podEnv = podEnv;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Optional<Apisix.Match> match = config.match(method, exchange.getRequestURI().getPath());
            if (match.isEmpty()) {
                reply(exchange, 404, "{\"error_msg\":\"404 Route Not Found\"}");
                return;
            }
            Apisix.Route route = match.get().route();
            if (!route.open()) {
                try {
                    config.authenticate(route, exchange.getRequestHeaders().getFirst("Authorization"),
                            exchange.getRequestHeaders().getFirst("apikey"), podEnv, Instant.now());
                } catch (Apisix.Refused e) {
                    reply(exchange, 401, "{\"message\":\"" + e.getMessage() + "\"}");
                    return;
                }
            }
            URI upstream = upstreams.get(route.upstream());
            if (upstream == null) {
                reply(exchange, 502, "{\"error_msg\":\"no upstream " + route.upstream() + " in this test\"}");
                return;
            }
            proxy(exchange, upstream);
        }
    }

    private void proxy(HttpExchange exchange, URI upstream) throws IOException {
        URI in = exchange.getRequestURI();
        URI target = upstream.resolve(in.getRawPath() + (in.getRawQuery() == null ? "" : "?" + in.getRawQuery()));
        byte[] body;
        try (InputStream requestBody = exchange.getRequestBody()) {
            body = requestBody.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        request.header("X-Forwarded-For", exchange.getRemoteAddress().getAddress().getHostAddress());
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        byte[] out = response.body();
        exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] out = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
        client.close();
    }
}
