package com.bi.basic;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.bi.common.server.ServiceRuntime;
import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A rolling update: shutdown starts while a request is in flight. Readiness goes DOWN at once, the request still
 * completes, then the server stops.
 */
class GracefulShutdownTest {
    @Test
    void inFlightRequestCompletesWhileReadinessIsDown() throws Exception {
        ServiceUnderTest service = ServiceUnderTest.of(new BasicService()).withDatabase("basic_shutdown")
                .routes(routing -> routing.get("/api/test/slow", (req, res) -> {
                    Thread.sleep(1500);
                    res.send("done");
                }))
                .start();
        ServiceRuntime runtime = service.runtime();
        WebServer server = service.server();
        URI base = service.uri();
        Http http = service.http();
        assertThat(http.get("/observe/health/ready", null).status(), is(200));

        CompletableFuture<HttpResponse<String>> slow = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .sendAsync(HttpRequest.newBuilder(base.resolve("/api/test/slow")).header("Authorization", bearer("tenant-t", "VIEWER"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (runtime.lifecycle().inFlight() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(runtime.lifecycle().inFlight(), is(1));

        Thread shutdown = Thread.ofPlatform().start(runtime::shutdown);
        Thread.sleep(200);
        assertThat("readiness is DOWN while draining", http.get("/observe/health/ready", null).status(), is(503));
        assertThat("liveness stays UP while draining", http.get("/observe/health/live", null).status(), is(200));

        HttpResponse<String> response = slow.get();
        assertThat(response.statusCode(), is(200));
        assertThat(response.body(), is("done"));
        shutdown.join(Duration.ofSeconds(20));
        assertThat(server.isRunning(), is(false));
    }
}
