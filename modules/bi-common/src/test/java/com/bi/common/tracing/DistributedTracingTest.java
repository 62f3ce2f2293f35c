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
import com.bi.common.server.Service;
import com.bi.common.server.Wiring;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.TestTokens;
import com.bi.proto.health.v1.HealthCheckRequest;
import com.bi.proto.health.v1.HealthGrpc;
import com.fasterxml.jackson.databind.JsonNode;
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
    private static ServiceUnderTest serviceA;
    private static ServiceUnderTest serviceB;

    @BeforeAll
    static void start() throws Exception {
        zipkin = ZipkinServer.start();
        Map<String, String> tracing = Map.of("bi.tracing.exporter", "zipkin", "bi.tracing.endpoint", zipkin.spansUrl());
        serviceB = ServiceUnderTest.of(Service.of("svc-b", platform -> Wiring.builder(null)
                .http(routing -> routing.get("/api/b/v1/ping", (req, res) -> res.send("pong")))
                .build())).config(tracing).start();

        Map<String, String> configA = new HashMap<>(tracing);
        configA.put("bi.peers.svc.b.address", serviceB.grpcAddress());
        // A calls B over HTTP and gRPC with the clients its platform hands out
        serviceA = ServiceUnderTest.of(Service.of("svc-a", platform -> {
            var httpToB = platform.httpClient(serviceB.uri().toString());
            var channelToB = platform.peers().channel("svc-b", "unused:1");
            return Wiring.builder(null).http(routing -> routing.get("/api/a/v1/chain", (req, res) -> {
                String pong = httpToB.get("/api/b/v1/ping").header(io.helidon.http.HeaderNames.AUTHORIZATION,
                        "Bearer " + com.bi.common.security.CallerToken.current()).requestEntity(String.class);
                var status = HealthGrpc.newBlockingStub(channelToB).check(HealthCheckRequest.getDefaultInstance()).getStatus();
                res.send(pong + " " + status);
            })).build();
        })).config(configA).start();
    }

    @AfterAll
    static void stop() {
        if (serviceA != null) {
            serviceA.close();
        }
        if (serviceB != null) {
            serviceB.close();
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
                        URI.create("http://127.0.0.1:" + serviceA.port() + "/api/a/v1/chain"))
                .header("traceparent", "00-" + traceId + "-" + rootSpan + "-01")
                .header("Authorization", TestTokens.bearer("tenant-trace", "VIEWER"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.body(), response.statusCode(), is(200));
        assertThat(response.body(), is("pong SERVING"));

        serviceA.platform().tracing().flush();
        serviceB.platform().tracing().flush();
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
