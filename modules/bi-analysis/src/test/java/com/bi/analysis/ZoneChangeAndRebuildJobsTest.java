package com.bi.analysis;

import java.math.BigDecimal;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import com.bi.analysis.domain.Analysis;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.analysis.domain.RollupJobs;
import com.bi.common.testing.Http;
import com.bi.common.testing.Http.Response;
import com.bi.common.testing.TestDatabase;
import com.bi.orders.OrderEvent;
import com.bi.orders.OrderLine;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * Issue 12 #9 (a zone change committed apart from its rebuild; per-replica zone caches) and #10 (rebuilds holding
 * pooled connections while waiting for the tenant lock, without timeouts): against the real server and PostgreSQL,
 * with a second bi-analysis instance (its own pool and job worker) on the same schema.
 */
class ZoneChangeAndRebuildJobsTest {
    /** A small pool: the old rebuilds held one connection each while they waited for the tenant lock (an
     *  answer takes milliseconds now; the pool is not so small that a loaded CI machine's scheduling alone exhausts it). */
    private static final Map<String, String> CONFIG = config();

    @RegisterExtension
    static final ServiceUnderTest SERVICE = AnalysisTestServer.service(CONFIG);
    private final Http http;

    ZoneChangeAndRebuildJobsTest(WebServer server, URI uri) {
        this.http = new Http(uri);
    }

    private static Map<String, String> config() {
        Map<String, String> config = new HashMap<>(TestDatabase.config("analysis_jobs"));
        config.put("bi.db.pool.size", "8");
        config.put("bi.analysis.lock.timeout", "300ms");
        config.put("bi.analysis.rebuild.poll", "50ms");
        return config;
    }


    /** Paid around midnight in several zones, so the zone decides the day. */
    private static OrderEvent order(String tenant, int i, long version) {
        Instant paid = Instant.parse("2024-06-10T00:00:00Z").plus(Duration.ofMinutes(37L * i % (60 * 24 * 5)));
        return new OrderEvent(tenant, "TEST", "Z" + i, "s" + (i % 3), "TMALL", paid.minusSeconds(60), paid, "PAID", "",
                new BigDecimal(i % 50 + 1 + ".00"), null, null, null, paid.plusSeconds(version), version,
                List.of(new OrderLine("SKU-" + (i % 7), "c", 1, new BigDecimal(i % 50 + 1 + ".00"), null)));
    }

    private static void awaitIdle(ServiceUnderTest service, String tenant) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (service.platform().jdbc().count("SELECT count(*) FROM rollup_job WHERE tenant_id = ? AND status IN ('PENDING', 'RUNNING')", tenant) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("rollup jobs of " + tenant + " still pending: " + service.platform().jdbc().list(
                        "SELECT id, status, attempts, last_error FROM rollup_job WHERE tenant_id = ?", row -> row.getLong(1) + " "
                                + row.getString(2) + " " + row.getInt(3) + " " + row.getString(4), tenant));
            }
            Thread.sleep(50);
        }
    }

    /** Every pay day is in the tenant's zone now, and the rollups equal the facts. */
    private static void assertConsistent(ServiceUnderTest service, String tenant) {
        String zone = service.platform().jdbc().one("SELECT time_zone FROM tenant_setting WHERE tenant_id = ?", row -> row.getString(1), tenant).orElseThrow();
        assertThat("facts whose pay day is not in " + zone, service.platform().jdbc().count("""
                SELECT count(*) FROM order_fact WHERE tenant_id = ? AND counted AND pay_day <> (pay_time AT TIME ZONE ?)::date""",
                tenant, zone), is(0L));
        assertThat("rollup rows that differ from the facts", service.platform().jdbc().count("""
                SELECT count(*) FROM (
                  (SELECT pay_day, shop_id, sum(pay_amount), count(*) FROM order_fact WHERE tenant_id = ? AND counted GROUP BY 1, 2
                   EXCEPT SELECT day, shop_id, gmv, orders FROM rollup_shop_day WHERE tenant_id = ? AND orders <> 0)
                  UNION ALL
                  (SELECT day, shop_id, gmv, orders FROM rollup_shop_day WHERE tenant_id = ? AND orders <> 0
                   EXCEPT SELECT pay_day, shop_id, sum(pay_amount), count(*) FROM order_fact WHERE tenant_id = ? AND counted GROUP BY 1, 2)) d""",
                tenant, tenant, tenant, tenant), is(0L));
        assertThat("SKU rollup rows that differ from the lines", service.platform().jdbc().count("""
                SELECT count(*) FROM (
                  (SELECT pay_day, sku, sum(amount) FROM order_item WHERE tenant_id = ? AND counted GROUP BY 1, 2
                   EXCEPT SELECT day, sku, gmv FROM rollup_tenant_sku_day WHERE tenant_id = ? AND orders <> 0)
                  UNION ALL
                  (SELECT day, sku, gmv FROM rollup_tenant_sku_day WHERE tenant_id = ? AND orders <> 0
                   EXCEPT SELECT pay_day, sku, sum(amount) FROM order_item WHERE tenant_id = ? AND counted GROUP BY 1, 2)) d""",
                tenant, tenant, tenant, tenant), is(0L));
    }

    /**
     * Instance A changes the zone again and again while instance B ingests new orders and updates without pause:
     * in the end every pay day is in the last committed zone and the rollups equal the facts — no replica stored
     * a day in an old zone after the last rebuild, no rebuild was skipped.
     */
    @Test
    void zoneChangesOnOneInstanceWhileAnotherIngestsEndConsistent() throws Exception {
        String tenant = "t-zone-race";
        ServiceUnderTest instanceA = SERVICE;
        Analysis a = SERVICE.app(Analysis.class);
        // a second replica on the same schema: its own pool and rollup worker
        ServiceUnderTest instanceB = AnalysisTestServer.service(CONFIG).start();
        try {
            Analysis b = instanceB.app(Analysis.class);
            List<OrderEvent> first = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                first.add(order(tenant, i, 1));
            }
            b.store().ingest(tenant, first);
            AtomicBoolean changing = new AtomicBoolean(true);
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            Thread ingester = Thread.ofPlatform().start(() -> {
                int round = 2;
                while (changing.get()) {
                    List<OrderEvent> batch = new ArrayList<>();
                    for (int i = 0; i < 80; i++) {
                        int n = (round * 131 + i * 7) % 900; // new orders and updates of stored ones
                        batch.add(order(tenant, n, round));
                    }
                    for (int attempt = 1; ; attempt++) {
                        try {
                            b.store().ingest(tenant, batch);
                            break;
                        } catch (com.bi.common.error.ApiException e) {
                            // 503 while a rebuild holds the tenant (lock timeout): a connector retries
                            if (e.status() != 503 || attempt == 50) {
                                errors.add(e);
                                break;
                            }
                        } catch (Throwable e) {
                            errors.add(e);
                            break;
                        }
                    }
                    round++;
                }
            });
            List<String> zones = List.of("UTC", "America/New_York", "Asia/Shanghai", "Pacific/Auckland", "Europe/Berlin", "UTC");
            for (String zone : zones) {
                a.setZone(tenant, ZoneId.of(zone));
                Thread.sleep(150);
            }
            changing.set(false);
            ingester.join();
            assertThat(errors.toString(), errors.isEmpty(), is(true));
            awaitIdle(instanceA, tenant);
            assertConsistent(instanceA, tenant);
            assertThat(instanceA.platform().jdbc().count("SELECT count(*) FROM rollup_job WHERE tenant_id = ? AND status = 'DONE'", tenant) > 0, is(true));
        } finally {
            instanceB.close();
        }
    }

    /** A rebuild that fails (here: the tenant's lock is held past the lock timeout) is retried until it is done. */
    @Test
    void aFailedRebuildIsRetriedUntilDone() throws Exception {
        String tenant = "t-zone-retry";
        Analysis a = SERVICE.app(Analysis.class);
        List<OrderEvent> orders = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            orders.add(order(tenant, i, 1));
        }
        a.store().ingest(tenant, orders);
        RollupJobs.Job job;
        try (Connection holder = DriverManager.getConnection(TestDatabase.url(), TestDatabase.user(), TestDatabase.password())) {
            try (PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(hashtextextended(?, 7))")) {
                lock.setString(1, "analysis.tenant:" + tenant);
                lock.execute();
            }
            job = a.setZone(tenant, ZoneId.of("UTC")).rebuild().orElseThrow();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            RollupJobs.Job seen = a.jobs().job(tenant, job.id()).orElseThrow();
            while ((seen.attempts() < 2 || seen.status() != RollupJobs.Status.PENDING) && System.nanoTime() < deadline) {
                Thread.sleep(20);
                seen = a.jobs().job(tenant, job.id()).orElseThrow();
            }
            RollupJobs.Job failing = a.jobs().job(tenant, job.id()).orElseThrow();
            assertThat(failing.toString(), failing.status(), is(RollupJobs.Status.PENDING));
            assertThat(failing.toString(), failing.lastError() != null && failing.lastError().contains("locked"), is(true));
        } // the session ends: its lock is released
        awaitIdle(SERVICE, tenant);
        RollupJobs.Job done = a.jobs().job(tenant, job.id()).orElseThrow();
        assertThat(done.toString(), done.status(), is(RollupJobs.Status.DONE));
        assertThat(done.zone(), is("UTC"));
        assertConsistent(SERVICE, tenant);
    }

    /**
     * Tenant A fires many parallel rebuild and zone requests at a pool of 8 connections while tenant B keeps asking
     * questions: every request of A is answered at once (202, or 200 for an unchanged zone) and joins the single
     * waiting job, and every query of B answers 200 — no 503 from an exhausted pool.
     */
    @Test
    void manyRebuildAndZoneRequestsOfOneTenantNeverStarveAnother() throws Exception {
        String tenantA = "t-pool-a";
        String tenantB = "t-pool-b";
        List<OrderEvent> orders = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            orders.add(order(tenantA, i, 1));
        }
        SERVICE.app(Analysis.class).store().ingest(tenantA, orders);
        SERVICE.app(Analysis.class).store().ingest(tenantB, List.of(order(tenantB, 1, 1)));
        String adminA = bearer(tenantA, "ADMIN");
        String viewerB = bearer(tenantB, "VIEWER");
        List<String> zones = List.of("UTC", "Asia/Shanghai", "America/New_York");
        AtomicBoolean running = new AtomicBoolean(true);
        List<Integer> statusesB = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<Integer>> requestsA = new ArrayList<>();
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                readers.add(pool.submit(() -> {
                    while (running.get()) {
                        statusesB.add(http.post("/api/analysis/v1/query", viewerB,
                                "{\"metrics\":[\"gmv\",\"orders\"],\"dimensions\":[\"day\"],\"from\":\"2024-06-01\",\"to\":\"2024-06-30\"}").status());
                    }
                }));
            }
            for (int i = 0; i < 60; i++) {
                int n = i;
                requestsA.add(pool.submit(() -> n % 2 == 0
                        ? http.post("/api/analysis/v1/rollups/rebuild", adminA, "").status()
                        : http.put("/api/analysis/v1/settings", adminA, "{\"time_zone\":\"" + zones.get(n % 3) + "\"}", null).status()));
            }
            List<Integer> statusesA = new ArrayList<>();
            try {
                for (Future<Integer> request : requestsA) {
                    statusesA.add(request.get());
                }
                // one waiting job at most, whatever the number of requests
                assertThat(SERVICE.platform().jdbc().count("SELECT count(*) FROM rollup_job WHERE tenant_id = ? AND status = 'PENDING'", tenantA),
                        lessThanOrEqualTo(1L));
                awaitIdle(SERVICE, tenantA);
            } finally {
                running.set(false);
            }
            for (Future<?> reader : readers) {
                reader.get();
            }
            assertThat("tenant A's answers: " + statusesA, statusesA.stream().allMatch(s -> s == 202 || s == 200), is(true));
        }
        assertThat(statusesB.isEmpty(), is(false));
        assertThat("tenant B's answers: " + new java.util.TreeMap<>(statusesB.stream().collect(
                java.util.stream.Collectors.groupingBy(s -> s, java.util.stream.Collectors.counting()))),
                statusesB.stream().allMatch(s -> s == 200), is(true));
        assertConsistent(SERVICE, tenantA);
        Response settings = http.get("/api/analysis/v1/settings", adminA);
        assertThat(settings.json().get("rollup_job").get("status").asText(), is("DONE"));
    }
}
