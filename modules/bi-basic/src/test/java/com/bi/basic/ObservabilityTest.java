package com.bi.basic;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.bi.common.logging.JsonLogFormatter;
import com.bi.common.json.Json;
import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.Http.Response;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/** Health, metrics, request ids and JSON logs, as Kubernetes, Prometheus and a log collector see them. */
class ObservabilityTest {
    private final Http http;

    ObservabilityTest(WebServer server, URI uri) {
        this.http = new Http(uri);
    }

    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new BasicService()).withDatabase();

    private static org.hamcrest.Matcher<String> matchesPattern(String regex) {
        return new org.hamcrest.TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(String item) {
                return item.matches(regex);
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("a string matching " + regex);
            }
        };
    }

    @Test
    void healthEndpoints() {
        for (String probe : List.of("live", "ready", "started")) {
            assertThat(probe, http.get("/observe/health/" + probe, null).status(), is(200));
        }
        JsonNode health = http.get("/observe/health", null).json();
        assertThat(health.get("status").asText(), is("UP"));
        assertThat(health.toString(), containsString("\"database\":\"UP\""));
    }

    @Test
    void metricsPerRouteAndPool() {
        String token = bearer("tenant-metrics", "VIEWER");
        http.get("/api/basic/v1/shops", token);
        http.get("/api/basic/v1/shops/77", token);
        String metrics = http.get("/observe/metrics", null).body();
        assertThat(metrics, containsString("http_server_requests_seconds_count{method=\"GET\",route=\"/api/basic/v1/shops/{id}\""));
        assertThat(metrics, matchesPattern("(?s).*http_server_requests_seconds_bucket\\{[^}]*route=\"/api/basic/v1/shops/\\{id\\}\"[^}]*status=\"404\".*"));
        assertThat(metrics, containsString("db_pool_connections{"));
        assertThat(metrics, containsString("jvm_memory_used_bytes"));
    }

    @Test
    void requestIdsAreEchoedOrGenerated() {
        Response generated = http.get("/observe/health/live", null);
        assertThat(generated.header("X-Request-Id"), matchesPattern("[0-9a-f-]{36}"));
        assertThat(http.get("/observe/health/live", null).header("X-Request-Id"), notNullValue());
    }

    @Test
    void jsonLogLinesCarryServiceEnvTraceRequestAndTenant() throws Exception {
        List<String> lines = new ArrayList<>();
        JsonLogFormatter formatter = new JsonLogFormatter();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (lines) {
                    lines.add(formatter.format(record));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger access = Logger.getLogger("access");
        access.addHandler(capture);
        try {
            var client = java.net.http.HttpClient.newHttpClient();
            var response = client.send(java.net.http.HttpRequest.newBuilder(http.uri("/api/basic/v1/shops"))
                    .header("Authorization", bearer("tenant-logs", "VIEWER"))
                    .header("X-Request-Id", "req-abc-123").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.headers().firstValue("X-Request-Id").orElse(""), is("req-abc-123"));
        } finally {
            access.removeHandler(capture);
        }
        String line;
        synchronized (lines) {
            line = lines.stream().filter(l -> l.contains("req-abc-123")).findFirst().orElseThrow();
        }
        JsonNode json = Json.MAPPER.readTree(line);
        assertThat(json.get("service").asText(), is("bi-basic"));
        assertThat(json.get("env").asText(), is("test"));
        assertThat(json.get("tenant_id").asText(), is("tenant-logs"));
        assertThat(json.get("trace_id").asText(), matchesPattern("[0-9a-f]{32}"));
        assertThat(json.get("msg").asText(), is("GET /api/basic/v1/shops 200 " + json.get("msg").asText().split(" ")[3]));
    }
}
