package com.bi.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The gateway's routing, in miniature, for the browser: {@code /api/<service>/v1/...} goes to that service, everything
 * else to bi-server — one origin, as behind APISIX. A service that is not running answers 502 problem+json (what the
 * gateway answers), so the console shows its "not available" panel.
 */
final class PrefixRouter implements AutoCloseable {
    private static final Pattern API = Pattern.compile("^/api/([a-z]+)/v1/.*");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade",
            "keep-alive", "expect", "te", "trailer", "proxy-connection", "http2-settings");
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** @param services API prefix segment (sys, basic, server, ...) → base URI; {@code server} also serves everything else */
    PrefixRouter(Map<String, URI> services) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getRawPath();
                Matcher api = API.matcher(path);
                URI base = api.matches() ? services.get(api.group(1)) : services.get("server");
                if (base == null) {
                    problem(exchange, 502, "the service behind " + path + " is not running");
                    return;
                }
                forward(exchange, base);
            }
        });
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void forward(HttpExchange exchange, URI base) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        URI target = base.resolve(exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            problem(exchange, 502, "the service behind " + exchange.getRequestURI().getRawPath() + " did not answer");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem(exchange, 504, "interrupted");
            return;
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] out = response.body();
        exchange.sendResponseHeaders(response.statusCode(), response.statusCode() == 304 || response.statusCode() == 204 || out.length == 0 ? -1 : out.length);
        if (out.length > 0 && response.statusCode() != 304 && response.statusCode() != 204) {
            exchange.getResponseBody().write(out);
        }
    }

    private static void problem(HttpExchange exchange, int status, String detail) throws IOException {
        byte[] body = ("{\"type\":\"about:blank\",\"title\":\"Bad Gateway\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
