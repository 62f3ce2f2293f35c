package com.bi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.bi.common.json.Json;
import com.bi.common.server.Catalog;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dev edge against two real HTTP servers standing in for services: routing by prefix to the right port, the
 * console route as the last resort, 502 problem+json naming a service that does not listen, request and answer
 * bodies streamed (not buffered whole), headers passed through.
 */
class EdgeTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final CountDownLatch FIRST_CHUNK_READ = new CountDownLatch(1);
    private static WebServer sys;
    private static WebServer console;
    private static Edge edge;
    private static int downPort;

    @BeforeAll
    static void start() {
        sys = WebServer.builder().host("127.0.0.1").port(0).routing(r -> r
                .post("/api/sys/v1/echo", (req, res) -> {
                    // answers the body's length and SHA-256 as it reads it, and the headers it was given
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    long length = 0;
                    try (InputStream in = req.content().inputStream()) {
                        byte[] buffer = new byte[8192];
                        int read;
                        while ((read = in.read(buffer)) >= 0) {
                            sha.update(buffer, 0, read);
                            length += read;
                        }
                    }
                    res.header(HeaderNames.create("X-Seen-Trace"), req.headers().first(HeaderNames.create("X-Trace")).orElse(""));
                    res.header(HeaderNames.create("X-Seen-Forwarded-For"), req.headers().first(HeaderNames.X_FORWARDED_FOR).orElse(""));
                    res.send(length + " " + HexFormat.of().formatHex(sha.digest()) + " " + req.query().rawValue());
                })
                .get("/api/sys/v1/stream", (req, res) -> {
                    // the second chunk is written only after the client has read the first: a buffering edge would hang
                    try (OutputStream out = res.outputStream()) {
                        out.write("first\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        if (!FIRST_CHUNK_READ.await(20, TimeUnit.SECONDS)) {
                            out.write("timeout\n".getBytes(StandardCharsets.UTF_8));
                            return;
                        }
                        out.write("second\n".getBytes(StandardCharsets.UTF_8));
                    }
                }))
                .build().start();
        console = WebServer.builder().host("127.0.0.1").port(0).routing(r -> r
                .any((req, res) -> res.send("console " + req.path().rawPath()))).build().start();
        downPort = ServicePorts.freePort();
        edge = Edge.start(List.of(
                new Edge.Route(Catalog.BI_SYS.apiPrefix(), "bi-sys", sys.port()),
                new Edge.Route(Catalog.BI_ANALYSIS.apiPrefix(), "bi-analysis", downPort),
                new Edge.Route("/", "bi-server", console.port())), "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        edge.close();
        sys.stop();
        console.stop();
    }

    @Test
    void catalogRoutesSendEachPrefixToItsServicesPortAndTheRestToTheConsole() {
        ServicePorts ports = ServicePorts.catalog();
        List<Edge.Route> routes = Edge.catalogRoutes(ports);
        for (Catalog entry : Catalog.all()) {
            if (entry.hasPorts()) {
                assertTrue(routes.contains(new Edge.Route(entry.apiPrefix(), entry.serviceName(), entry.httpPort())), entry.serviceName());
            }
        }
        assertTrue(routes.contains(new Edge.Route("/", "bi-server", Catalog.of("bi-server").httpPort())));
        assertEquals("bi-analysis", edge.route("/api/analysis/v1/query").orElseThrow().service());
        assertEquals("bi-sys", edge.route("/api/sys/v1").orElseThrow().service());
        assertEquals("bi-server", edge.route("/api/sysx/v1/a").orElseThrow().service());
        assertEquals("bi-server", edge.route("/").orElseThrow().service());
    }

    @Test
    void aLargeRequestBodyArrivesWholeWithItsHeadersAndQuery() throws Exception {
        byte[] body = new byte[6 * 1024 * 1024 + 123];
        new Random(7).nextBytes(body);
        HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(uri("/api/sys/v1/echo?a=1&b=%20x"))
                .header("X-Trace", "abc")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        assertEquals(body.length + " " + sha + " a=1&b=%20x", answer.body());
        assertEquals("abc", answer.headers().firstValue("X-Seen-Trace").orElseThrow());
        assertEquals("127.0.0.1", answer.headers().firstValue("X-Seen-Forwarded-For").orElseThrow());
    }

    @Test
    void anAnswerIsStreamedChunkByChunk() throws Exception {
        HttpResponse<InputStream> answer = CLIENT.send(HttpRequest.newBuilder(uri("/api/sys/v1/stream")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = answer.body()) {
            byte[] first = in.readNBytes("first\n".length());
            assertEquals("first\n", new String(first, StandardCharsets.UTF_8));
            FIRST_CHUNK_READ.countDown();
            assertEquals("second\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aServiceThatIsNotRunningIs502ProblemJsonNamingIt() throws Exception {
        HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(uri("/api/analysis/v1/query"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(502, answer.statusCode());
        assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElseThrow());
        JsonNode problem = Json.MAPPER.readTree(answer.body());
        assertEquals(502, problem.get("status").asInt());
        assertTrue(problem.get("detail").asText().contains("bi-analysis is not running"), problem.toString());
        assertEquals("/api/analysis/v1/query", problem.get("instance").asText());
    }

    @Test
    void everythingElseGoesToTheConsole() throws Exception {
        HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(uri("/dashboards/daily")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        assertEquals("console /dashboards/daily", answer.body());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + edge.port() + path);
    }
}
