package com.bi.common.tracing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.bi.common.json.Json;
import com.bi.common.server.ServiceKit;
import com.bi.common.testing.TestKits;
import com.bi.common.testing.TestTokens;
import com.bi.proto.health.v1.HealthCheckRequest;
import com.bi.proto.health.v1.HealthGrpc;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Two services and a real Zipkin: a request enters service A with a W3C traceparent; A calls B over HTTP and over
 * gRPC. Zipkin must hold one trace whose spans link test → A server → A clients → B servers.
 */
class DistributedTracingTest {
    private static ZipkinServer zipkin;
    private static ServiceKit kitA;
    private static ServiceKit kitB;
    private static WebServer serverA;
    private static WebServer serverB;

    private static WebServer start(ServiceKit kit, java.util.function.Consumer<io.helidon.webserver.http.HttpRouting.Builder> routes) {
        WebServerConfig.Builder builder = WebServer.builder();
        kit.configure(builder, routes, grpc -> { });
        WebServer server = builder.build().start();
        kit.attach(server);
        return server;
    }

    @BeforeAll
    static void start() throws Exception {
        zipkin = ZipkinServer.start();
        Map<String, String> tracing = Map.of("bi.tracing.exporter", "zipkin", "bi.tracing.endpoint", zipkin.spansUrl());
        kitB = TestKits.create("svc-b", tracing);
        serverB = start(kitB, routing -> routing.get("/api/b/v1/ping", (req, res) -> res.send("pong")));

        Map<String, String> configA = new HashMap<>(tracing);
        configA.put("bi.peers.svc.b.address", "127.0.0.1:" + serverB.port(ServiceKit.GRPC_SOCKET));
        kitA = TestKits.create("svc-a", configA);
        var httpToB = kitA.httpClient("http://127.0.0.1:" + serverB.port());
        serverA = start(kitA, routing -> routing.get("/api/a/v1/chain", (req, res) -> {
            String pong = httpToB.get("/api/b/v1/ping").header(io.helidon.http.HeaderNames.AUTHORIZATION,
                    "Bearer " + com.bi.common.security.CallerToken.current()).requestEntity(String.class);
            var status = HealthGrpc.newBlockingStub(kitA.peers().channel("svc-b", "unused:1"))
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus();
            res.send(pong + " " + status);
        }));
    }

    @AfterAll
    static void stop() {
        if (kitA != null) {
            kitA.close();
        }
        if (kitB != null) {
            kitB.close();
        }
        if (zipkin != null) {
            zipkin.close();
        }
    }

    @Test
    void oneTraceAcrossHttpAndGrpc() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String rootSpan = "00f067aa0ba902b7";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + serverA.port() + "/api/a/v1/chain"))
                .header("traceparent", "00-" + traceId + "-" + rootSpan + "-01")
                .header("Authorization", TestTokens.bearer("tenant-trace", "VIEWER"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.body(), response.statusCode(), is(200));
        assertThat(response.body(), is("pong SERVING"));

        kitA.tracing().flush();
        kitB.tracing().flush();
        JsonNode spans = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> trace = zipkin.get("/api/v2/trace/" + traceId);
            if (trace.statusCode() == 200) {
                spans = Json.MAPPER.readTree(trace.body());
                if (spans.size() >= 5) {
                    break;
                }
            }
            Thread.sleep(300);
        }
        assertThat("spans in zipkin: " + spans, spans != null && spans.size() >= 5, is(true));

        JsonNode aServer = find(spans, "svc-a", "SERVER", "get /api/a/v1/chain");
        assertThat(aServer.get("parentId").asText(), is(rootSpan));
        JsonNode aHttpClient = find(spans, "svc-a", "CLIENT", "get /api/b/v1/ping");
        JsonNode bHttpServer = find(spans, "svc-b", "SERVER", "get /api/b/v1/ping");
        JsonNode aGrpcClient = find(spans, "svc-a", "CLIENT", "grpc.health.v1.health/check");
        JsonNode bGrpcServer = find(spans, "svc-b", "SERVER", "grpc.health.v1.health/check");
        assertThat(aHttpClient.get("parentId").asText(), is(aServer.get("id").asText()));
        assertThat(bHttpServer.get("parentId").asText(), is(aHttpClient.get("id").asText()));
        assertThat(aGrpcClient.get("parentId").asText(), is(aServer.get("id").asText()));
        assertThat(bGrpcServer.get("parentId").asText(), is(aGrpcClient.get("id").asText()));
    }

    private static JsonNode find(JsonNode spans, String service, String kind, String name) {
        for (JsonNode span : spans) {
            if (service.equals(span.path("localEndpoint").path("serviceName").asText()) && kind.equals(span.path("kind").asText())
                    && name.equals(span.path("name").asText())) {
                return span;
            }
        }
        throw new AssertionError("no " + kind + " span '" + name + "' of " + service + " in " + spans);
    }
}
