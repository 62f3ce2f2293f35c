package com.bi.analysis;

import java.math.BigDecimal;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;

import com.bi.common.testing.Http;
import com.bi.common.testing.TestDatabase;
import com.bi.orders.OrderEvent;
import com.bi.orders.OrderLine;
import com.bi.analysis.domain.Analysis;
import com.bi.common.testing.ServiceUnderTest;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A rebuild whose attempts are all spent ends FAILED and the tenant's rollups stay stale: that state is visible as
 * metrics on the real server (the counter {@code bi_analysis_rollup_jobs_failed_total} and the gauge
 * {@code bi_analysis_rollup_failed_tenants} that alert BiAnalysisRollupFailed watches), and a later successful rebuild
 * clears the gauge.
 */
class RollupFailedMetricTest {
    @RegisterExtension
    static final ServiceUnderTest SERVICE = AnalysisTestServer.service(Map.of(
            "bi.analysis.lock.timeout", "200ms",
            "bi.analysis.rebuild.poll", "50ms",
            "bi.analysis.rebuild.max.attempts", "2",
            "bi.analysis.rebuild.failed.refresh", "50ms"));
    private final Http http;

    RollupFailedMetricTest(WebServer server, URI uri) {
        this.http = new Http(uri);
    }

    private double metric(String name) {
        for (String line : http.get("/observe/metrics", null).body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no metric " + name);
    }

    private double await(String name, DoublePredicate expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        double value = metric(name);
        while (!expected.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            value = metric(name);
        }
        return value;
    }

    @Test
    void aRebuildThatSpentItsAttemptsIsCountedAndGaugedUntilARebuildSucceeds() throws Exception {
        String tenant = "t-rollup-failed";
        Instant paid = Instant.parse("2024-06-10T10:00:00Z");
        SERVICE.app(Analysis.class).store().ingest(tenant, List.of(new OrderEvent(tenant, "TEST", "F1", "s1", "TMALL", paid, paid, "PAID", "",
                new BigDecimal("10.00"), null, null, null, paid, 1, List.of(new OrderLine("SKU-1", "c", 1, new BigDecimal("10.00"), null)))));
        assertThat(await("bi_analysis_rollup_failed_tenants", v -> v == 0), is(0.0));
        double failedBefore = metric("bi_analysis_rollup_jobs_failed_total");
        String admin = bearer(tenant, "ADMIN");
        long id;
        try (Connection holder = DriverManager.getConnection(TestDatabase.url(), TestDatabase.user(), TestDatabase.password())) {
            // the tenant's lock held elsewhere past the lock timeout: every attempt fails
            try (PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(hashtextextended(?, 7))")) {
                lock.setString(1, "analysis.tenant:" + tenant);
                lock.execute();
            }
            Http.Response queued = http.post("/api/analysis/v1/rollups/rebuild", admin, "");
            assertThat(queued.toString(), queued.status(), is(202));
            id = queued.json().get("id").asLong();
            assertThat(await("bi_analysis_rollup_failed_tenants", v -> v >= 1), is(1.0));
            assertThat(metric("bi_analysis_rollup_jobs_failed_total"), is(failedBefore + 1));
            Http.Response job = http.get("/api/analysis/v1/rollups/jobs/" + id, admin);
            assertThat(job.toString(), job.json().get("status").asText(), is("FAILED"));
        } // the session ends: its lock is released
        Http.Response again = http.post("/api/analysis/v1/rollups/rebuild", admin, "");
        assertThat(again.toString(), again.status(), is(202));
        AnalysisTestServer.awaitJob(http, admin, again.json().get("id").asLong());
        assertThat(await("bi_analysis_rollup_failed_tenants", v -> v == 0), is(0.0));
        assertThat(metric("bi_analysis_rollup_jobs_failed_total"), is(failedBefore + 1));
    }
}
