package com.bi.common.tenancy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.bi.common.server.Service;
import com.bi.common.server.Wiring;
import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.TcpProxy;
import com.bi.common.testing.TenantStandIn;
import com.bi.common.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * The suspension check when bi-tenant cannot be reached (its port closed, or a partition that drops every byte), with
 * parallel requests against a real server: decisions without bi-tenant are counted, the last answer serves for
 * {@code max.stale} (a suspended tenant stays refused), after that prod refuses writes with 503 and lets reads
 * through, no request waits for the unreachable peer, and the first answer after the outage is used again.
 *
 * <p>bi-tenant itself cannot run inside the kit's build (it is built from the kit), so a gRPC server on the runtime
 * serves bi-tenant's {@code GetTenant} contract from a map; the outage is real: a TCP proxy in front of it is
 * closed or blackholed.
 */
class TenantGuardOutageTest {
    private static final String API = "/api/things/v1/things";

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(32);

    @AfterEach
    void close() throws Exception {
        pool.shutdownNow();
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    private ServiceUnderTest serve(String name, Map<String, String> config, boolean withRoutes, TenantStandIn tenants) {
        ServiceUnderTest service = ServiceUnderTest.of(Service.of(name, platform -> {
            Wiring.Builder wiring = Wiring.builder(null);
            if (withRoutes) {
                wiring.http(routing -> {
                    routing.get(API, (req, res) -> res.send("listed"));
                    routing.post(API, (req, res) -> res.status(201).send("created"));
                });
            }
            if (tenants != null) {
                wiring.grpc(tenants);
            }
            return wiring.build();
        })).config(config).start();
        toClose.add(service);
        return service;
    }

    private record Setup(TenantStandIn tenants, TcpProxy proxy, Http http, ServiceUnderTest service) {
    }

    /** A bi-tenant stand-in behind a proxy, and a prod service whose tenant guard asks it through the proxy. */
    private Setup start(Map<String, String> config) throws Exception {
        TenantStandIn tenants = new TenantStandIn();
        tenants.status.put("tenant-a", "ACTIVE");
        tenants.status.put("tenant-s", "SUSPENDED");
        ServiceUnderTest tenantService = serve("bi-tenant", Map.of(), false, tenants);
        TcpProxy proxy = new TcpProxy("127.0.0.1", tenantService.grpcPort()).start();
        toClose.add(proxy);
        Map<String, String> service = new HashMap<>(Map.of(
                "deploy.env", "prod",
                "bi.tenant.status.check", "true",
                "bi.peers.tenant.address", "127.0.0.1:" + proxy.port(),
                "bi.tenant.status.ttl", "100ms",
                "bi.tenant.status.timeout", "300ms",
                "bi.peers.breaker.open", "300ms"));
        service.putAll(config);
        ServiceUnderTest things = serve("bi-things", service, true, null);
        Http http = things.http();
        // the first call opens the channel and may take longer than the lookup's wait: until bi-tenant has answered
        await("bi-tenant's first answers", () -> http.get(API, TestTokens.bearer("tenant-s", "ADMIN")).status() == 403
                && http.post(API, TestTokens.bearer("tenant-a", "ADMIN"), "{}").status() == 201);
        return new Setup(tenants, proxy, http, things);
    }

    private static double decisions(Http http, String decision) {
        for (String line : http.get("/observe/metrics", null).body().split("\n")) {
            if (line.startsWith("bi_tenant_unverified_decisions_total{") && line.contains("decision=\"" + decision + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }

    private record Result(int status, String contentType, String body, String retryAfter, long millis) {
    }

    /** {@code count} requests of each kind at once; every response with how long it took. */
    private List<Result> parallel(Http http, int count, String method, String tenant) throws Exception {
        List<Future<Result>> futures = new ArrayList<>();
        String bearer = TestTokens.bearer(tenant, "ADMIN");
        for (int i = 0; i < count; i++) {
            futures.add(pool.submit(() -> {
                long start = System.nanoTime();
                Http.Response r = http.send(method, API, bearer, method.equals("POST") ? "{}" : null, null);
                return new Result(r.status(), r.contentType(), r.body(), r.header("Retry-After"),
                        (System.nanoTime() - start) / 1_000_000);
            }));
        }
        List<Result> results = new ArrayList<>();
        for (Future<Result> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    private static List<Integer> statuses(List<Result> results) {
        return results.stream().map(Result::status).toList();
    }

    @Test
    void closedPortTheLastAnswersDecideAndEachDecisionIsCounted() throws Exception {
        // outside prod; max.stale long enough for the whole test
        Setup s = start(Map.of("deploy.env", "test", "bi.tenant.status.max.stale", "5m"));
        Http http = s.http();
        double allowBefore = decisions(http, "allow");
        double denyBefore = decisions(http, "deny");

        s.proxy().stop(); // bi-tenant's port is closed now
        Thread.sleep(150); // past the ttl: every answer is stale

        // the last answers decide, in parallel: the active tenant reads and writes, the suspended one is refused
        assertThat(statuses(parallel(http, 20, "GET", "tenant-a")), everyItem(is(200)));
        assertThat(statuses(parallel(http, 20, "POST", "tenant-a")), everyItem(is(201)));
        assertThat(statuses(parallel(http, 10, "GET", "tenant-s")), everyItem(is(403)));
        assertThat(statuses(parallel(http, 10, "POST", "tenant-s")), everyItem(is(403)));
        // a tenant never seen: outside prod, writes are let through too
        assertThat(http.post(API, TestTokens.bearer("tenant-new", "ADMIN"), "{}").status(), is(201));
        assertThat(decisions(http, "allow") - allowBefore, greaterThanOrEqualTo(41.0));
        assertThat(decisions(http, "deny") - denyBefore, greaterThanOrEqualTo(20.0));
    }

    @Test
    void closedPortAfterMaxStaleProdRefusesWritesAndLetsReadsThrough() throws Exception {
        // prod; max.stale 0: once bi-tenant cannot answer, no cached answer may decide
        Setup s = start(Map.of("bi.tenant.status.max.stale", "0s"));
        Http http = s.http();
        s.proxy().stop();
        Thread.sleep(150);

        double denyBefore = decisions(http, "deny");
        double allowBefore = decisions(http, "allow");
        List<Result> writes = parallel(http, 20, "POST", "tenant-a");
        assertThat(statuses(writes), everyItem(is(503)));
        for (Result write : writes) {
            assertThat(write.contentType(), is("application/problem+json"));
            assertThat(write.body(), containsString("cannot be verified"));
            assertThat(write.retryAfter(), is("5"));
        }
        assertThat(statuses(parallel(http, 20, "GET", "tenant-a")), everyItem(is(200)));
        assertThat(http.get(API, TestTokens.bearer("tenant-new", "ADMIN")).status(), is(200));
        assertThat(http.post(API, TestTokens.bearer("tenant-new", "ADMIN"), "{}").status(), is(503));
        assertThat(decisions(http, "deny") - denyBefore, greaterThanOrEqualTo(21.0));
        assertThat(decisions(http, "allow") - allowBefore, greaterThanOrEqualTo(21.0));

        // bi-tenant back: its answers are used again (writes pass, a new suspension is enforced within the ttl)
        s.proxy().start();
        await("writes accepted once bi-tenant answers",
                () -> http.post(API, TestTokens.bearer("tenant-a", "ADMIN"), "{}").status() == 201);
        s.tenants().status.put("tenant-a", "SUSPENDED");
        await("the suspension enforced", () -> http.get(API, TestTokens.bearer("tenant-a", "ADMIN")).status() == 403);
    }

    @Test
    void aPartitionedTenantServiceStallsNoRequest() throws Exception {
        // a call into the partition would hang for the peer's 20 s deadline; the breaker goes half-open every 300 ms
        Setup s = start(Map.of("bi.tenant.status.max.stale", "5m", "bi.peers.tenant.timeout", "20s"));
        Http http = s.http();
        assertThat(http.get(API, TestTokens.bearer("tenant-a", "ADMIN")).status(), is(200));
        assertThat(http.get(API, TestTokens.bearer("tenant-s", "ADMIN")).status(), is(403));

        s.proxy().blackhole(true);
        Thread.sleep(150);
        List<Result> all = new ArrayList<>();
        for (int wave = 0; wave < 6; wave++) {
            List<Result> reads = parallel(http, 16, "GET", "tenant-a");
            List<Result> writes = parallel(http, 16, "POST", "tenant-a");
            List<Result> suspended = parallel(http, 8, "GET", "tenant-s");
            assertThat(statuses(reads), everyItem(is(200)));
            assertThat(statuses(writes), everyItem(is(201)));
            assertThat(statuses(suspended), everyItem(is(403)));
            all.addAll(reads);
            all.addAll(writes);
            all.addAll(suspended);
            Thread.sleep(350); // let the breaker go half-open between waves
        }
        long slowest = all.stream().mapToLong(Result::millis).max().orElseThrow();
        System.out.println("partitioned bi-tenant: " + all.size() + " requests, slowest " + slowest + " ms");
        // at most one wait of bi.tenant.status.timeout (300 ms) per outage; a request tied to the peer's call takes 20 s
        assertThat(all.stream().map(Result::millis).toList(), everyItem(lessThan(8_000L)));

        s.proxy().blackhole(false);
        s.tenants().status.put("tenant-a", "SUSPENDED");
        await("the suspension enforced after the partition",
                () -> http.get(API, TestTokens.bearer("tenant-a", "ADMIN")).status() == 403);
    }
}
