package com.bi.cron;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.bi.analysis.AnalysisService;
import com.bi.analysis.domain.Analysis;
import com.bi.analysis.domain.RollupJobs;
import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.TestDatabase;
import com.bi.common.testing.TestTokens;
import com.bi.jushuitan.JushuitanService;
import com.bi.leke.LekeService;
import com.bi.notify.NotifyService;
import com.bi.proto.maintenance.v1.MaintenanceGrpc;
import com.bi.proto.maintenance.v1.PurgeRequest;
import com.bi.sys.SysService;
import com.bi.tenant.TenantService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * bi-cron's jobs run through {@link Cron} (as {@code java -jar bi-cron.jar <job>} does) against the real services
 * started in this JVM on the CI PostgreSQL: bi-tenant (the tenant list), bi-api-jushuitan, bi-analysis, bi-api-leke
 * and bi-sys; the job lock on bi-cron's own schema; a local HTTP receiver as the Pushgateway.
 */
class CronJobsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ServiceUnderTest> SERVICES = new java.util.ArrayList<>();
    private static ServiceUnderTest tenant;
    private static ServiceUnderTest jushuitan;
    private static ServiceUnderTest analysis;
    private static ServiceUnderTest leke;
    private static ServiceUnderTest sys;
    private static ServiceUnderTest notify;
    private static HttpServer pushgateway;
    private static final List<String> PUSHES = new CopyOnWriteArrayList<>();
    private static Map<String, String> cronConfig;

    @BeforeAll
    static void startServices() throws Exception {
        tenant = start(ServiceUnderTest.of(new TenantService()).withDatabase());
        analysis = start(ServiceUnderTest.of(new AnalysisService()).withDatabase());
        jushuitan = start(ServiceUnderTest.of(new JushuitanService()).withDatabase().config(Map.of(
                "bi.peers.analysis.address", analysis.grpcAddress(), "bi.jushuitan.workers", "0",
                "bi.jushuitan.upstream.hosts", "127.0.0.1:9", "bi.jushuitan.upstream.schemes", "http",
                "bi.jushuitan.upstream.trusted.networks", "127.0.0.1/32")));
        leke = start(ServiceUnderTest.of(new LekeService()).withDatabase().config(Map.of("bi.leke.inbox.enabled", "false",
                "bi.peers.analysis.address", analysis.grpcAddress())));
        sys = start(ServiceUnderTest.of(new SysService()).withDatabase());
        notify = start(ServiceUnderTest.of(new NotifyService()).withDatabase().config(Map.of("bi.notify.workers", "0")));

        pushgateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pushgateway.createContext("/", exchange -> {
            PUSHES.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + "\n"
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        pushgateway.start();

        cronConfig = new HashMap<>(TestDatabase.config("cron"));
        cronConfig.put("deploy.env", "test");
        cronConfig.put("bi.jwt.secret", TestTokens.SECRET);
        cronConfig.put("bi.peers.tenant.address", tenant.grpcAddress());
        cronConfig.put("bi.peers.api.jushuitan.address", jushuitan.grpcAddress());
        cronConfig.put("bi.peers.analysis.address", analysis.grpcAddress());
        cronConfig.put("bi.peers.api.leke.address", leke.grpcAddress());
        cronConfig.put("bi.peers.sys.address", sys.grpcAddress());
        cronConfig.put("bi.peers.notify.address", notify.grpcAddress());
        for (String peer : List.of("tenant", "api.jushuitan", "analysis", "api.leke", "sys", "notify")) {
            cronConfig.put("bi.peers." + peer + ".timeout", "30s"); // a loaded CI machine; failures are provoked with closed ports
        }
        cronConfig.put("bi.cron.pushgateway.url", "http://127.0.0.1:" + pushgateway.getAddress().getPort());

        Http tenants = tenant.http();
        String operator = bearer("platform", "PLATFORM_ADMIN");
        for (String code : List.of("acme", "beta", "gone")) {
            assertThat(tenants.post("/api/tenant/v1/admin/tenants", operator, "{\"code\":\"" + code + "\",\"name\":\"" + code + "\"}")
                    .status(), is(201));
        }
        assertThat(tenants.post("/api/tenant/v1/admin/tenants/gone/suspend", operator, "{\"reason\":\"unpaid\"}").status(), is(200));
    }

    private static ServiceUnderTest start(ServiceUnderTest service) {
        SERVICES.add(service.start());
        return service;
    }

    @AfterAll
    static void stop() {
        if (pushgateway != null) {
            pushgateway.stop(0);
        }
        SERVICES.forEach(ServiceUnderTest::close);
    }

    @BeforeEach
    void clearPushes() {
        PUSHES.clear();
    }

    /** One run of bi-cron in this JVM: exit code, stdout, stderr. */
    record Run(int exit, String out, String err) {
        JsonNode summary() {
            String line = out.lines().filter(l -> l.contains("\"event\":\"bi_cron_run\"")).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no summary line in:\n" + out));
            try {
                return JSON.readTree(line);
            } catch (java.io.IOException e) {
                throw new AssertionError(line, e);
            }
        }
    }

    static Run cron(Map<String, String> config, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new Cron(Map.of(), config, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run cron(String... args) {
        return cron(cronConfig, args);
    }

    @Test
    void syncJushuitanQueuesThePullOfEveryActiveTenantWithShops() {
        Http http = jushuitan.http();
        for (String shop : List.of("10001", "10002")) {
            Http.Response created = http.post("/api/jushuitan/v1/shops", bearer("acme", "ADMIN"), """
                    {"shop_id":"%s","app_key":"k","app_secret":"s","access_token":"t","base_url":"http://127.0.0.1:9","start_from":"%s"}"""
                    .formatted(shop, java.time.LocalDate.now().minusDays(3)));
            assertThat(created.toString(), created.status(), is(201));
        }

        Run dry = cron("sync-jushuitan", "--dry-run");
        assertThat(dry.out() + dry.err(), dry.exit(), is(0));
        assertThat(http.get("/api/jushuitan/v1/jobs", bearer("acme", "VIEWER")).json().get("items").size(), is(0));

        Run run = cron("sync-jushuitan");
        assertThat(run.out() + run.err(), run.exit(), is(0));
        JsonNode summary = run.summary();
        assertThat(summary.toString(), summary.get("outcome").asText(), is("success"));
        assertThat("platform, acme, beta; not the suspended one", summary.get("tenants").asInt(), is(3));
        assertThat("only acme has shops", summary.get("items").asLong(), is(1L));
        JsonNode jobs = http.get("/api/jushuitan/v1/jobs", bearer("acme", "VIEWER")).json().get("items");
        assertThat(jobs.toString(), jobs.size(), is(1));
        assertThat(jobs.get(0).get("status").asText(), is("QUEUED"));
        assertThat(jobs.get(0).get("requested_by").asText(), is("service:bi-cron"));
        assertThat(http.get("/api/jushuitan/v1/jobs", bearer("beta", "VIEWER")).json().get("items").size(), is(0));

        // the next run while the pull still waits joins it: no second job
        assertThat(cron("sync-jushuitan").exit(), is(0));
        assertThat(http.get("/api/jushuitan/v1/jobs", bearer("acme", "VIEWER")).json().get("items").size(), is(1));
    }

    @Test
    void rollupQueuesARebuildPerTenantAndPushesTheCompletionMetric() {
        Run run = cron("rollup");
        assertThat(run.out() + run.err(), run.exit(), is(0));
        assertThat(run.summary().get("items").asLong(), is(3L));
        RollupJobs jobs = analysis.app(Analysis.class).jobs();
        for (String code : List.of("acme", "beta", "platform")) {
            RollupJobs.Job job = jobs.latest(code).orElseThrow(() -> new AssertionError("no rebuild for " + code));
            assertThat(job.reason(), is("bi-cron rollup"));
        }
        assertThat(jobs.latest("gone").isPresent(), is(false));

        assertThat(PUSHES.toString(), PUSHES.size(), is(1));
        String push = PUSHES.get(0);
        assertThat(push, push.lines().findFirst().orElseThrow(), is("POST /metrics/job/bi_cron/bi_job/rollup"));
        assertThat(push, containsString("\nbi_cron_last_run_success 1\n"));
        assertThat(push, containsString("\nbi_cron_last_run_items 3\n"));
        assertThat(push, containsString("\nbi_cron_last_run_failures 0\n"));
        assertThat(push, containsString("# TYPE bi_cron_last_success_timestamp_seconds gauge\n"));
        double pushedAt = Double.parseDouble(push.lines().filter(l -> l.startsWith("bi_cron_last_success_timestamp_seconds "))
                .findFirst().orElseThrow().split(" ")[1]);
        assertThat("a current epoch second", Math.abs(pushedAt - Instant.now().getEpochSecond()) < 300, is(true));
    }

    @Test
    void retentionPurgesRowsBeyondEachServicesWindowAndKeepsTheRest() throws SQLException {
        Timestamp old = Timestamp.from(Instant.now().minus(Duration.ofDays(400)));
        Timestamp fresh = Timestamp.from(Instant.now().minus(Duration.ofDays(1)));
        try (Connection c = connect()) {
            for (Timestamp at : List.of(old, old, fresh)) {
                insert(c, leke, "INSERT INTO inbox (tenant_id, event_id, event_type, payload, status, processed_at)"
                        + " VALUES ('acme', gen_random_uuid()::text, 'order', '{}', 'DONE', ?)", at);
                insert(c, analysis, "INSERT INTO ingest_reject (tenant_id, origin, reason, payload, received_at)"
                        + " VALUES ('acme', gen_random_uuid()::text, 'bad', '{}', ?)", at);
                insert(c, sys, "INSERT INTO audit_events (tenant_id, at, type) VALUES ('acme', ?, 'login')", at);
                insert(c, notify, "INSERT INTO message (id, tenant_id, idempotency_key, request_hash, title, markdown, created_at)"
                        + " VALUES (gen_random_uuid(), 'acme', gen_random_uuid()::text, 'h', 'report', 'x', ?)", at);
            }
            // a pending inbox event has no processed_at: never purged, however old
            insert(c, leke, "INSERT INTO inbox (tenant_id, event_id, event_type, payload, received_at) VALUES ('acme', 'pending', 'order', '{}', ?)", old);

            Run dry = cron("retention", "--dry-run");
            assertThat(dry.out() + dry.err(), dry.exit(), is(0));
            assertThat("2 due per service", dry.summary().get("items").asLong(), is(8L));
            assertThat(count(c, leke, "inbox"), is(4L));

            Run run = cron("retention");
            assertThat(run.out() + run.err(), run.exit(), is(0));
            assertThat(run.summary().get("items").asLong(), is(8L));
            assertThat("fresh + pending", count(c, leke, "inbox"), is(2L));
            assertThat(count(c, analysis, "ingest_reject"), is(1L));
            assertThat(count(c, sys, "audit_events WHERE type = 'login'"), is(1L));
            assertThat("bi-notify's old messages go (with their deliveries, by cascade)", count(c, notify, "message"), is(1L));
        }
    }

    @Test
    void retentionCountsAnUnreachableServiceAndStillPurgesTheOthers() throws SQLException {
        Map<String, String> config = new HashMap<>(cronConfig);
        config.put("bi.peers.sys.address", "127.0.0.1:1");
        config.put("bi.peers.sys.retries", "0");
        try (Connection c = connect()) {
            insert(c, analysis, "INSERT INTO ingest_reject (tenant_id, origin, reason, payload, received_at)"
                    + " VALUES ('beta', gen_random_uuid()::text, 'bad', '{}', ?)", Timestamp.from(Instant.now().minus(Duration.ofDays(400))));
            Run run = cron(config, "retention");
            assertThat(run.out(), run.exit(), is(1));
            assertThat(run.err(), run.err().lines().count(), is(1L));
            assertThat(run.err(), containsString("bi-cron retention: failed: 1 failed, first: bi-sys"));
            assertThat(run.summary().get("failures").asInt(), is(1));
            assertThat("bi-analysis still purged", count(c, analysis, "ingest_reject WHERE tenant_id = 'beta'"), is(0L));
            assertThat(PUSHES.getLast(), containsString("\nbi_cron_last_run_success 0\n"));
            assertThat("a failure never overwrites the last success", PUSHES.getLast(),
                    not(containsString("bi_cron_last_success_timestamp_seconds")));
        }
    }

    @Test
    void purgeIsRefusedToAnythingButThePlatformServiceToken() {
        for (String token : List.of(TestTokens.token("acme", "SERVICE"), TestTokens.token("platform", "PLATFORM_ADMIN"))) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", leke.grpcPort()).usePlaintext().build();
            try {
                Metadata metadata = new Metadata();
                metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
                StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> MaintenanceGrpc.newBlockingStub(channel)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                        .purge(PurgeRequest.newBuilder().setDryRun(true).build()));
                assertThat(refused.getStatus().getCode(), is(Status.Code.PERMISSION_DENIED));
            } finally {
                channel.shutdownNow();
            }
        }
    }

    @Test
    void aRunWhileTheJobsLockIsHeldSkipsAndExitsZero() throws SQLException {
        try (Connection holder = DriverManager.getConnection(TestDatabase.url(), TestDatabase.user(), TestDatabase.password());
             PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(?, hashtext('rollup'))")) {
            lock.setInt(1, 0x62694372);
            lock.execute(); // another pod's run of rollup, holding the lock in its session
            Run skipped = cron("rollup");
            assertThat(skipped.out() + skipped.err(), skipped.exit(), is(0));
            assertThat(skipped.out(), containsString("skipped: rollup already running"));
            assertThat(skipped.summary().get("outcome").asText(), is("skipped"));
            Run other = cron("retention", "--dry-run");
            assertThat("another job's lock is its own", other.summary().get("outcome").asText(), is("success"));
        }
        // the holder's session ended: the lock is gone with it
        assertThat(cron("rollup").summary().get("outcome").asText(), is("success"));
    }

    @Test
    void anUnreachableTenantListFailsTheRunWithAOneLineReason() {
        Map<String, String> config = new HashMap<>(cronConfig);
        config.put("bi.peers.tenant.address", "127.0.0.1:1");
        config.put("bi.peers.tenant.retries", "0");
        Run run = cron(config, "sync-jushuitan");
        assertThat(run.exit(), is(1));
        assertThat(run.err(), run.err().lines().count(), is(1L));
        assertThat(run.err(), containsString("bi-cron sync-jushuitan: failed: StatusRuntimeException: UNAVAILABLE"));
        assertThat(run.summary().get("outcome").asText(), is("failed"));
    }

    @Test
    void everyRunIsRecordedInCronRun() throws SQLException {
        Run run = cron("rollup", "--dry-run");
        assertThat(run.out() + run.err(), run.exit(), is(0));
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + cronConfig.get("bi.db.schema"));
            var rows = s.executeQuery("SELECT outcome, dry_run FROM cron_run WHERE job = 'rollup' ORDER BY id DESC LIMIT 1");
            assertThat(rows.next(), is(true));
            assertThat(rows.getString(1), is("success"));
            assertThat(rows.getBoolean(2), is(true));
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(TestDatabase.url(), TestDatabase.user(), TestDatabase.password());
    }

    private static void insert(Connection c, ServiceUnderTest service, String sql, Timestamp at) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + service.configuration().get("bi.db.schema"));
        }
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setTimestamp(1, at);
            p.executeUpdate();
        }
    }

    private static long count(Connection c, ServiceUnderTest service, String from) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + service.configuration().get("bi.db.schema"));
            var rows = s.executeQuery("SELECT count(*) FROM " + from);
            rows.next();
            return rows.getLong(1);
        }
    }
}
