package com.bi.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.bi.common.error.Problem;
import com.bi.common.json.Json;
import com.bi.common.server.Catalog;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The dev edge: one port in front of every service, routing like the chart's APISIX gateway — {@code /api/<svc>/v1/*}
 * to that service's HTTP port, everything else to bi-server (the console at {@code /}) — with the routes read from the
 * service catalog. Bodies stream both ways (nothing is buffered whole), end-to-end headers pass unchanged, the
 * {@code X-Forwarded-*} headers are added as the gateway does, and a service that is not listening answers
 * 502 problem+json naming it. Local use only: no TLS, no rate limit, no client-address rules.
 */
public final class Edge implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Edge.class.getName());
    /** Hop-by-hop headers (RFC 9110 7.6.1) and the ones the JDK client sets itself: never forwarded. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "content-length", "expect", "http2-settings");
    private static final int CHUNK = 16 * 1024;

    /** A prefix of the path and the service (and its HTTP port) behind it. */
    public record Route(String prefix, String service, int port) {
        boolean matches(String path) {
            return path.startsWith(prefix) || (prefix.endsWith("/") && path.equals(prefix.substring(0, prefix.length() - 1)));
        }
    }

    private final List<Route> routes;
    private final HttpClient client;
    private final WebServer server;

    private Edge(List<Route> routes, String host, int port) {
        // longest prefix first, so "/" (the console) is the last resort
        this.routes = routes.stream().sorted(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed()).toList();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        this.server = WebServer.builder()
                .host(host)
                .port(port)
                .shutdownHook(false)
                .shutdownGracePeriod(Duration.ofMillis(500))
                .routing(routing -> routing.any(this::forward))
                .build()
                .start();
    }

    /** The gateway's routes from the catalog: each service's API prefix to its HTTP port, {@code /} to bi-server. */
    public static List<Route> catalogRoutes(ServicePorts ports) {
        List<Route> routes = new ArrayList<>();
        for (Catalog entry : Catalog.all()) {
            if (entry.hasPorts()) {
                routes.add(new Route(entry.apiPrefix(), entry.serviceName(), ports.of(entry.serviceName()).http()));
            }
        }
        String console = "bi-server";
        routes.add(new Route("/", console, ports.of(console).http()));
        return routes;
    }

    /** Listens on {@code host:port} (0 = any free port) and forwards by {@code routes}. */
    public static Edge start(List<Route> routes, String host, int port) {
        return new Edge(routes, host, port);
    }

    public int port() {
        return server.port();
    }

    /** The route of {@code path}, if any. */
    public Optional<Route> route(String path) {
        return routes.stream().filter(r -> r.matches(path)).findFirst();
    }

    private void forward(ServerRequest request, ServerResponse response) {
        String path = request.path().rawPath();
        Optional<Route> found = route(path);
        if (found.isEmpty()) {
            problem(response, Status.NOT_FOUND_404, "no service answers " + path, path);
            return;
        }
        Route route = found.get();
        String query = request.query().rawValue();
        URI target = URI.create("http://127.0.0.1:" + route.port() + path + (query.isEmpty() ? "" : "?" + query));
        HttpRequest.Builder outbound = HttpRequest.newBuilder(target).method(request.prologue().method().text(), body(request));
        for (Header header : request.headers()) {
            if (!NOT_FORWARDED.contains(header.name().toLowerCase(Locale.ROOT))) {
                for (String value : header.allValues()) {
                    outbound.header(header.name(), value);
                }
            }
        }
        String peer = request.remotePeer().host();
        outbound.header("X-Forwarded-For", request.headers().first(HeaderNames.X_FORWARDED_FOR)
                .map(earlier -> earlier + ", " + peer).orElse(peer));
        outbound.header("X-Forwarded-Proto", "http");
        request.headers().first(HeaderNames.HOST).ifPresent(host -> outbound.header("X-Forwarded-Host", host));

        HttpResponse<InputStream> answer;
        try {
            answer = client.send(outbound.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            problem(response, Status.BAD_GATEWAY_502, route.service() + " is not running (nothing answers on port "
                    + route.port() + ")", path);
            return;
        } catch (IOException e) {
            LOG.log(Level.FINE, "forwarding " + path + " to " + route.service() + " failed", e);
            problem(response, Status.BAD_GATEWAY_502, route.service() + " did not answer: " + e.getMessage(), path);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem(response, Status.SERVICE_UNAVAILABLE_503, "the edge is stopping", path);
            return;
        }
        response.status(Status.create(answer.statusCode()));
        for (Map.Entry<String, List<String>> header : answer.headers().map().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(name) || name.equals("content-length")) {
                response.header(HeaderNames.create(header.getKey()), header.getValue().toArray(String[]::new));
            }
        }
        try (InputStream in = answer.body(); OutputStream out = response.outputStream()) {
            byte[] buffer = new byte[CHUNK];
            int read;
            // flushed per read: a streamed answer (server-sent events, a long export) reaches the browser as it comes
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // the client or the service went away mid-answer: nothing more can be said to the client
            LOG.log(Level.FINE, "streaming the answer of " + path + " ended early", e);
        }
    }

    /** The request's body as it arrives (its declared length kept, so the service sees no chunking it did not get). */
    private static HttpRequest.BodyPublisher body(ServerRequest request) {
        if (!request.content().hasEntity()) {
            return HttpRequest.BodyPublishers.noBody();
        }
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> request.content().inputStream());
        return request.headers().contentLength().stream().boxed().findFirst()
                .map(length -> HttpRequest.BodyPublishers.fromPublisher(stream, length))
                .orElse(stream);
    }

    private static void problem(ServerResponse response, Status status, String detail, String path) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.send(Json.bytes(Problem.of(status.code(), status.reasonPhrase(), detail, path, null, null)));
    }

    @Override
    public void close() {
        server.stop();
        client.close();
    }
}
