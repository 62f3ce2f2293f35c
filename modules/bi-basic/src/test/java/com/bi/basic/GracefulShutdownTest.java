package com.bi.basic;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.bi.basic.domain.MasterData;
import com.bi.common.server.ServiceKit;
import com.bi.common.testing.Http;
import com.bi.common.testing.TestKits;
import com.bi.common.testing.TestDatabase;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
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
        ServiceKit kit = TestKits.create(Main.NAME, TestDatabase.config("basic_shutdown"));
        MasterData data = Main.masterData(kit);
        WebServerConfig.Builder builder = WebServer.builder();
        kit.configure(builder, routing -> {
            Main.routing(routing, data);
            routing.get("/api/test/slow", (req, res) -> {
                Thread.sleep(1500);
                res.send("done");
            });
        }, grpc -> Main.grpc(grpc, data));
        WebServer server = builder.build().start();
        kit.attach(server);
        URI base = URI.create("http://127.0.0.1:" + server.port());
        Http http = new Http(base);
        assertThat(http.get("/observe/health/ready", null).status(), is(200));

        CompletableFuture<HttpResponse<String>> slow = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .sendAsync(HttpRequest.newBuilder(base.resolve("/api/test/slow")).header("Authorization", bearer("tenant-t", "VIEWER"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (kit.lifecycle().inFlight() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(kit.lifecycle().inFlight(), is(1));

        Thread shutdown = Thread.ofPlatform().start(kit::shutdown);
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
