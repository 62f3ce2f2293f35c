package com.bi.common.ratelimit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.bi.common.server.Service;
import com.bi.common.server.Wiring;
import com.bi.common.testing.Http;
import com.bi.common.testing.RedisServer;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.TenantStandIn;
import com.bi.common.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * Issue 11 #3 / contract 5: each tenant's {@code api_rate_per_minute} enforced at the service edge, counted in a real
 * Redis shared by two instances of a service; one tenant's burst leaves another's requests untouched; observe
 * endpoints never count; a Redis outage fails open to per-instance counting.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantRateLimitTest {
    private static final String API = "/api/things/v1/things";
    private static final ExecutorService POOL = Executors.newFixedThreadPool(32);
    private static final List<ServiceUnderTest> SERVICES = new ArrayList<>();
    private static RedisServer redis;
    private static TenantStandIn tenants;
    private static Http one;
    private static Http two;
    private static ServiceUnderTest serviceOne;
    private static ServiceUnderTest serviceTwo;
    private static int tenantPort;

    /** A service named {@code name} with the things route and/or the tenant stand-in, started on {@code config}. */
    private static ServiceUnderTest serve(String name, Map<String, String> config, boolean routes, TenantStandIn standIn) {
        ServiceUnderTest service = ServiceUnderTest.of(Service.of(name, platform -> {
            Wiring.Builder wiring = Wiring.builder(null);
            if (routes) {
                wiring.http(routing -> routing.get(API, (req, res) -> res.send("listed")));
            }
            if (standIn != null) {
                wiring.grpc(standIn);
            }
            return wiring.build();
        })).config(config).start();
        SERVICES.add(service);
        return service;
    }

    /** A replica of bi-things asking the tenant stand-in, counting in Redis when {@code redisUrl} is set. */
    private static ServiceUnderTest instance(int tenantPort, String redisUrl) {
        Map<String, String> config = new HashMap<>(Map.of(
                "bi.tenant.status.check", "true",
                "bi.peers.tenant.address", "127.0.0.1:" + tenantPort,
                "bi.tenant.status.ttl", "10m"));
        if (redisUrl != null) {
            config.put("bi.ratelimit.redis.url", redisUrl);
        }
        return serve("bi-things", config, true, null);
    }

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        tenants = new TenantStandIn();
        for (Map.Entry<String, Integer> quota : Map.of("tenant-a", 5, "tenant-b", 1000, "tenant-c", 6, "tenant-d", 3,
                "tenant-e", 2, "tenant-f", 2, "tenant-g", 2).entrySet()) {
            tenants.status.put(quota.getKey(), "ACTIVE");
            tenants.ratePerMinute.put(quota.getKey(), quota.getValue());
        }
        tenantPort = serve("bi-tenant", Map.of(), false, tenants).grpcPort();
        serviceOne = instance(tenantPort, redis.url());
        serviceTwo = instance(tenantPort, redis.url());
        one = serviceOne.http();
        two = serviceTwo.http();
        // every instance knows every tenant's quota before counting starts (the first call opens the channel)
        for (ServiceUnderTest service : List.of(serviceOne, serviceTwo)) {
            for (String tenant : tenants.status.keySet()) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!service.platform().tenants().lookup(tenant, TestTokens.token(tenant, "ADMIN")).verified()) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the tenant stand-in never answered for " + tenant);
                    }
                    Thread.sleep(50);
                }
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        POOL.shutdownNow();
        for (ServiceUnderTest service : SERVICES.reversed()) {
            service.close();
        }
        redis.close();
    }

    private record Result(int status, String contentType, String retryAfter, String body) {
    }

    private static Future<Result> submit(Http http, String path, String tenant) {
        String bearer = TestTokens.bearer(tenant, "VIEWER");
        return POOL.submit(() -> {
            Http.Response r = http.get(path, bearer);
            return new Result(r.status(), r.contentType(), r.header("Retry-After"), r.body());
        });
    }

    private static List<Result> all(List<Future<Result>> futures) throws Exception {
        List<Result> results = new ArrayList<>();
        for (Future<Result> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    private static long count(List<Result> results, int status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    private static double metric(Http http, String name) {
        for (String line : http.get("/observe/metrics", null).body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    @Test
    @Order(1)
    void oneTenantsBurstIsRefusedWhileAnotherTenantIsUntouched() throws Exception {
        double limitedBefore = metric(one, "bi_rate_limited_requests_total");
        List<Future<Result>> a = new ArrayList<>();
        List<Future<Result>> b = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            if (i < 12) {
                a.add(submit(one, API, "tenant-a"));
            }
            b.add(submit(one, API, "tenant-b"));
        }
        List<Result> burst = all(a);
        assertThat(count(burst, 200), is(5L));
        assertThat(count(burst, 429), is(7L));
        for (Result refused : burst.stream().filter(r -> r.status() == 429).toList()) {
            assertThat(refused.contentType(), is("application/problem+json"));
            assertThat(refused.body(), containsString("5 API requests per minute"));
            assertThat(Integer.parseInt(refused.retryAfter()), greaterThanOrEqualTo(1));
            assertThat(Integer.parseInt(refused.retryAfter()), lessThanOrEqualTo(60));
        }
        assertThat(all(b).stream().map(Result::status).toList(), everyItem(is(200)));
        assertThat(metric(one, "bi_rate_limited_requests_total") - limitedBefore, greaterThanOrEqualTo(7.0));
    }

    @Test
    @Order(2)
    void twoInstancesSharingRedisShareTheCount() throws Exception {
        List<Future<Result>> first = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            first.add(submit(one, API, "tenant-c"));
            first.add(submit(two, API, "tenant-c"));
        }
        assertThat(all(first).stream().map(Result::status).toList(), everyItem(is(200)));
        // 6 used across both instances: the 7th is refused on either
        assertThat(two.get(API, TestTokens.bearer("tenant-c", "VIEWER")).status(), is(429));
        assertThat(one.get(API, TestTokens.bearer("tenant-c", "VIEWER")).status(), is(429));
    }

    @Test
    @Order(3)
    void observeEndpointsNeverCount() {
        String bearer = TestTokens.bearer("tenant-e", "VIEWER");
        for (int i = 0; i < 10; i++) {
            assertThat(one.get("/observe/health", bearer).status(), is(200));
            assertThat(one.get("/observe/metrics", bearer).status(), is(200));
        }
        assertThat(one.get(API, bearer).status(), is(200));
        assertThat(two.get(API, bearer).status(), is(200));
        assertThat(one.get(API, bearer).status(), is(429));
        assertThat(one.get("/observe/health/ready", bearer).status(), is(200));
    }

    @Test
    @Order(4)
    void aRedisOutageFailsOpenToCountingPerInstance() throws Exception {
        double failuresBefore = metric(one, "bi_rate_limit_redis_failures_total");
        redis.stop();
        List<Result> during = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            during.add(all(List.of(submit(one, API, "tenant-d"))).getFirst());
        }
        // the API stays up: counted by this instance alone (quota 3), refused with the same 429 above it
        assertThat(during.stream().map(Result::status).toList(), is(List.of(200, 200, 200, 429, 429)));
        assertThat(metric(one, "bi_rate_limit_redis_failures_total") - failuresBefore, greaterThan(0.0));
        // the other instance counts for itself meanwhile: the shared count is what the outage costs
        assertThat(two.get(API, TestTokens.bearer("tenant-d", "VIEWER")).status(), is(200));

        redis.restart();
        Thread.sleep(5_500); // instance one leaves Redis alone for 5 s after a failure
        assertThat(one.get(API, TestTokens.bearer("tenant-f", "VIEWER")).status(), is(200));
        assertThat(two.get(API, TestTokens.bearer("tenant-f", "VIEWER")).status(), is(200));
        assertThat(one.get(API, TestTokens.bearer("tenant-f", "VIEWER")).status(), is(429));
    }

    @Test
    @Order(5)
    void withoutRedisEachInstanceCountsForItself() throws Exception {
        ServiceUnderTest alone = instance(tenantPort, null);
        Http http = alone.http();
        // the first lookups may find the channel cold; the quota applies once bi-tenant has answered
        String bearer = TestTokens.bearer("tenant-g", "VIEWER");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!alone.platform().tenants().lookup("tenant-g", TestTokens.token("tenant-g", "ADMIN")).verified()) {
            assertThat(System.nanoTime() < deadline, is(true));
            Thread.sleep(50);
        }
        assertThat(http.get(API, bearer).status(), is(200));
        assertThat(http.get(API, bearer).status(), is(200));
        assertThat(http.get(API, bearer).status(), is(429));
    }
}
