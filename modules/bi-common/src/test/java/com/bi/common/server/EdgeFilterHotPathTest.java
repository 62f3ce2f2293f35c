package com.bi.common.server;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.bi.common.config.ConfigLoader;
import com.bi.common.config.DeployEnv;
import com.bi.common.config.Settings;
import com.bi.common.logging.AccessLog;
import com.bi.common.observe.HttpMetrics;
import com.bi.common.security.JwtVerifier;
import com.bi.common.tenancy.TenantGuard;
import com.bi.common.testing.Http;
import com.bi.common.testing.TestKits;
import com.bi.common.testing.TestTokens;
import com.bi.common.tracing.Tracing;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * What the edge does cheaply must still be right: the access log written for every request or sampled (failures
 * always), generated request ids that are version-4 UUIDs and distinct, and the tenant guard resolved once.
 */
class EdgeFilterHotPathTest {
    private static final String THING = "/api/things/v1/things/{id}";
    private static final java.util.regex.Pattern UUID_V4 =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    /** A server with only the edge filter and one route, and the access lines it writes. */
    private record Edge(WebServer server, Http http, List<String> accessLines, AtomicInteger guardLookups) {
    }

    @SuppressWarnings("deprecation") // the kit's registry (ServiceKit uses the same)
    private static MeterRegistry registry() {
        return Metrics.globalRegistry();
    }

    private static Edge start(AccessLog accessLog) {
        Settings settings = new Settings(ConfigLoader.load(TestKits.defaults(), Map.of()));
        AtomicInteger guardLookups = new AtomicInteger();
        EdgeFilter filter = new EdgeFilter(Tracing.create("svc-edge", "test", settings),
                JwtVerifier.create(settings, DeployEnv.TEST), () -> {
                    guardLookups.incrementAndGet();
                    return TenantGuard.NONE;
                }, () -> null, new HttpMetrics(registry()),
                new Lifecycle(), List.of(), 1 << 20, ClientAddress.TrustedProxies.fromSettings(settings), accessLog);
        WebServer server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(routing -> {
                    routing.addFilter(filter);
                    Problems.register(routing);
                    routing.get(THING, (req, res) -> res.send("thing"));
                })
                .build().start();
        return new Edge(server, new Http(URI.create("http://127.0.0.1:" + server.port())), new ArrayList<>(), guardLookups);
    }

    /** Runs {@code requests} with the access logger captured; returns the lines once {@code expected} arrived. */
    private static List<String> accessLines(Edge edge, int expected, Runnable requests) throws InterruptedException {
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (edge.accessLines()) {
                    edge.accessLines().add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger access = Logger.getLogger(AccessLog.LOGGER);
        Level level = access.getLevel();
        access.setLevel(Level.INFO);
        access.addHandler(capture);
        try {
            requests.run();
            // the line is written after the response went out: wait for the expected ones, then a little for extras
            long deadline = System.currentTimeMillis() + 5_000;
            while (size(edge) < expected && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(200);
        } finally {
            access.removeHandler(capture);
            access.setLevel(level);
        }
        synchronized (edge.accessLines()) {
            return List.copyOf(edge.accessLines());
        }
    }

    private static int size(Edge edge) {
        synchronized (edge.accessLines()) {
            return edge.accessLines().size();
        }
    }

    private static void traffic(Edge edge) {
        String bearer = TestTokens.bearer("tenant-a", "VIEWER");
        for (int i = 0; i < 20; i++) {
            assertThat(edge.http().get("/api/things/v1/things/" + i, bearer).status(), is(200));
        }
        for (int i = 0; i < 5; i++) {
            assertThat(edge.http().get("/api/things/v1/things/" + i, null).status(), is(401));
            assertThat(edge.http().get("/api/things/v1/nothing/" + i, bearer).status(), is(404));
        }
    }

    @Test
    void everyRequestIsInTheAccessLogByDefault() throws Exception {
        Edge edge = start(AccessLog.everyRequest());
        try {
            List<String> lines = accessLines(edge, 30, () -> traffic(edge));
            assertThat(lines.size(), is(30));
            assertThat(lines.stream().filter(l -> l.matches("GET /api/things/v1/things/\\d+ 200 \\d+\\.\\dms")).count(), is(20L));
            assertThat(lines.stream().filter(l -> l.contains(" 401 ")).count(), is(5L));
            assertThat(lines.stream().filter(l -> l.contains(" 404 ")).count(), is(5L));
        } finally {
            edge.server().stop();
        }
    }

    @Test
    void aZeroSampleWritesOnlyTheFailures() throws Exception {
        Edge edge = start(AccessLog.sampled(0));
        try {
            List<String> lines = accessLines(edge, 10, () -> traffic(edge));
            assertThat(lines.size(), is(10));
            assertThat(lines.stream().noneMatch(l -> l.contains(" 200 ")), is(true));
        } finally {
            edge.server().stop();
        }
    }

    @Test
    void generatedRequestIdsAreDistinctVersion4UuidsAndTheGuardIsResolvedOnce() {
        Edge edge = start(AccessLog.everyRequest());
        try {
            String bearer = TestTokens.bearer("tenant-a", "VIEWER");
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                String id = edge.http().get("/api/things/v1/things/1", bearer).header("X-Request-Id");
                assertThat(id, UUID_V4.matcher(id).matches(), is(true));
                ids.add(id);
            }
            assertThat(ids.size(), is(200));
            assertThat(edge.guardLookups().get(), is(1));
            for (int i = 0; i < 10_000; i++) {
                String id = EdgeFilter.newRequestId();
                assertThat(id, UUID_V4.matcher(id).matches(), is(true));
                ids.add(id);
            }
            assertThat(ids.size(), is(10_200));
        } finally {
            edge.server().stop();
        }
    }
}
