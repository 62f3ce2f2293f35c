package com.bi.jushuitan;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.bi.common.security.SecretBox;
import com.bi.common.testing.Http;
import com.bi.common.testing.Http.Response;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.jushuitan.domain.JushuitanOrders;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Issue 12 #1 (SSRF), #4 (quarantine and per-shop pulls), #14 (job control) and #16 (unreadable credentials),
 * against the real server and database with a loopback fake of the Jushuitan API. The allow-list names only the
 * fake's own port; {@code INTERNAL} plays an in-cluster service on another loopback port.
 */
class JushuitanHardeningTest {
    private static final FakeJushuitan fake = Harness.fake();
    private static final FakeJushuitan internal = Harness.fake();
    private static final Harness.CapturingSink SINK = new Harness.CapturingSink();
    private final Http http;

    JushuitanHardeningTest(WebServer server, URI uri) {
        this.http = new Http(uri);
    }

    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new JushuitanService(SINK)).withDatabase()
            .config(Harness.config(fake.port(), Map.of(
                    "bi.jushuitan.lease", "3s", "bi.jushuitan.call.timeout", "3s", "bi.jushuitan.max.body", "1048576",
                    "bi.jushuitan.retries", "1")));

    private static JushuitanService.Wired wired() {
        return SERVICE.app(JushuitanService.Wired.class);
    }

    @AfterAll
    static void stop() {
        SERVICE.close(); // before the fakes it calls
        fake.close();
        internal.close();
    }

    @BeforeEach
    void freshFake() {
        fake.reset();
        internal.reset();
    }

    private long addShop(String tenant, String shopId, String appKey, String secret, String token) {
        return addShop(tenant, shopId, appKey, secret, token, LocalDate.now(JushuitanOrders.BEIJING).minusDays(2));
    }

    private long addShop(String tenant, String shopId, String appKey, String secret, String token, LocalDate startFrom) {
        Response created = http.post("/api/jushuitan/v1/shops", bearer(tenant, "ADMIN"), """
                {"shop_id":"%s","platform":"TMALL","app_key":"%s","app_secret":"%s","access_token":"%s","base_url":"%s","start_from":"%s"}"""
                .formatted(shopId, appKey, secret, token, fake.baseUrl(), startFrom));
        assertThat(created.toString(), created.status(), is(201));
        return created.json().get("id").asLong();
    }

    private long addShop(String tenant) {
        return addShop(tenant, FakeJushuitan.SHOP, FakeJushuitan.APP_KEY, FakeJushuitan.APP_SECRET, FakeJushuitan.TOKEN);
    }

    /** {@code n} orders of {@code shop} modified over the last day, o_ids from {@code first}. */
    private static void orders(long first, int n, String shop) {
        Instant now = Instant.now();
        // 5 minutes apart from 20 h ago (closer for more than 228 orders): all in the past (7 minutes apart put the last
        // 28 of 200 in the future, out of the pull's reach)
        long spacingSeconds = Math.min(300, 19 * 3600 / n);
        for (long i = first; i < first + n; i++) {
            Instant modified = now.minus(Duration.ofHours(20)).plusSeconds((i - first) * spacingSeconds);
            fake.put(i, shop, modified.minusSeconds(600), modified, "Sent", "%d.50".formatted(10 + i), "0");
        }
    }

    private JsonNode sync(String tenant, long id) {
        return Harness.sync(http, wired(), tenant, id);
    }

    private String metrics() {
        return http.get("/observe/metrics", null).body();
    }

    private static double gauge(String text, String name) {
        var m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(text);
        assertThat(name + " in metrics", m.find(), is(true));
        return Double.parseDouble(m.group(2));
    }

    // ---- #1 SSRF --------------------------------------------------------------------------------------------

    @Test
    void ssrfHostileBaseUrlsAreRefusedWithProblemJson() {
        String tenant = "t-ssrf-create";
        List<String> hostile = new ArrayList<>(UpstreamGuardTest.HOSTILE);
        hostile.add(internal.baseUrl()); // loopback, another port than the allow-listed fake
        hostile.add("http://localhost:" + fake.port()); // a name resolving to loopback
        hostile.add("http://2130706433:" + fake.port());
        for (String url : hostile) {
            Response r = http.post("/api/jushuitan/v1/shops", bearer(tenant, "ADMIN"), """
                    {"shop_id":"10001","app_key":"k","app_secret":"s","access_token":"t","base_url":"%s"}""".formatted(url));
            assertThat(url + " -> " + r, r.status(), is(400));
            assertThat(url, r.contentType(), startsWith("application/problem+json"));
            assertThat(url, r.json().get("field").asText(), is("base_url"));
        }
        assertThat(http.get("/api/jushuitan/v1/shops", bearer(tenant, "ADMIN")).json().get("items").size(), is(0));
    }

    @Test
    void ssrfRedirectsAreNotFollowed() {
        String tenant = "t-ssrf-redirect";
        long id = addShop(tenant);
        fake.redirectTo = internal.baseUrl() + "/followed";
        fake.faults.add(FakeJushuitan.Fault.REDIRECT);
        JsonNode result = sync(tenant, id);
        assertThat(result.toString(), result.get("outcome").asText(), is("FAILED"));
        assertThat(result.get("error").asText(), containsString("redirect"));
        assertThat(internal.calls.get(), is(0));
        assertThat(internal.followed.get(), is(0));
    }

    @Test
    void ssrfUpstreamBodiesNeverReachTenantVisibleFields() {
        String tenant = "t-ssrf-echo";
        long id = addShop(tenant);
        fake.faults.add(FakeJushuitan.Fault.ECHO);
        JsonNode result = sync(tenant, id);
        assertThat(result.get("error").asText(), containsString("error code 1"));
        assertThat(result.toString(), not(containsString("INTERNAL-SECRET")));
        String status = http.get("/api/jushuitan/v1/sync/status", bearer(tenant, "VIEWER")).body();
        assertThat(status, containsString("error code 1"));
        assertThat(status, not(containsString("INTERNAL-SECRET")));
        assertThat(http.get("/api/jushuitan/v1/jobs", bearer(tenant, "VIEWER")).body(), not(containsString("INTERNAL-SECRET")));
    }

    @Test
    void ssrfOversizedAnswersAreCapped() {
        String tenant = "t-ssrf-huge";
        long id = addShop(tenant);
        fake.faults.add(FakeJushuitan.Fault.HUGE);
        JsonNode result = sync(tenant, id);
        assertThat(result.get("outcome").asText(), is("FAILED"));
        assertThat(result.get("error").asText(), containsString("larger than 1048576 bytes"));
    }

    @Test
    void ssrfSlowDripIsCutByTheTotalCallTime() {
        String tenant = "t-ssrf-drip";
        long id = addShop(tenant);
        // one drip per attempt (retries = 1): each drips for a minute unless the call's total time cuts it
        fake.faults.addAll(List.of(FakeJushuitan.Fault.DRIP, FakeJushuitan.Fault.DRIP));
        JsonNode result = sync(tenant, id);
        assertThat(result.get("outcome").asText(), is("FAILED"));
        assertThat(result.get("error").asText(), containsString("did not answer completely within 3000 ms"));
    }

    // ---- #4 (a) quarantine ------------------------------------------------------------------------------------

    @Test
    void quarantineATransientlyCorruptRecordIsReadAgainNotSetAside() {
        String tenant = "t-q-transient";
        // one window (today, Beijing time) of one page: the answer carrying order 7 is the one collected
        LocalDate today = LocalDate.now(JushuitanOrders.BEIJING);
        long id = addShop(tenant, FakeJushuitan.SHOP, FakeJushuitan.APP_KEY, FakeJushuitan.APP_SECRET, FakeJushuitan.TOKEN, today);
        Instant dayStart = today.atStartOfDay(JushuitanOrders.BEIJING).toInstant();
        Duration sinceMidnight = Duration.between(dayStart, Instant.now());
        for (long i = 1; i <= 10; i++) {
            Instant modified = dayStart.plus(sinceMidnight.multipliedBy(i).dividedBy(12));
            fake.put(i, modified, modified, "Sent", "%d.50".formatted(10 + i), "0");
        }
        fake.corrupt.put(7L, new AtomicInteger(1)); // the first answer carrying order 7 is corrupt
        JsonNode result = sync(tenant, id);
        assertThat(result.toString(), result.get("outcome").asText(), is("SUCCEEDED"));
        assertThat(result.get("pages").asInt(), greaterThanOrEqualTo(2)); // the page was read again
        assertThat(SINK.count(tenant), is(10L));
        assertThat(SINK.get(tenant, 7).shopId(), is(FakeJushuitan.SHOP));
        assertThat(result.get("quarantined").asInt(), is(0));
        assertThat(result.get("rejected").asInt(), is(0));
    }

    @Test
    void quarantineOrdersStillInvalidAreRefetchedByIdUntilTheyValidate() {
        String tenant = "t-q-refetch";
        long id = addShop(tenant);
        wired().maintain();
        double before = gauge(metrics(), "bi_jushuitan_quarantined_orders"); // other tests' shops count too
        orders(1, 30, FakeJushuitan.SHOP);
        AtomicInteger corruptAnswers = new AtomicInteger(1_000); // corrupt in every answer until healed below
        fake.corrupt.put(12L, corruptAnswers);

        JsonNode first = sync(tenant, id);
        assertThat(first.toString(), first.get("outcome").asText(), is("SUCCEEDED"));
        assertThat(first.get("quarantined").asInt(), is(1));
        assertThat(SINK.count(tenant), is(29L));
        assertThat(SINK.get(tenant, 12), nullValue());
        JsonNode status = Harness.status(http, tenant, 0);
        assertThat(status.get("quarantined").asInt(), is(1));
        assertThat(status.get("action").asText(), containsString("re-fetched by id"));
        wired().maintain();
        assertThat(gauge(metrics(), "bi_jushuitan_quarantined_orders"), is(before + 1));

        fake.log.clear();
        JsonNode second = sync(tenant, id);
        assertThat(second.get("released").asInt(), is(0));
        JsonNode byId = fake.log.stream().map(FakeJushuitan.Call::biz).filter(b -> b.has("o_ids")).findFirst().orElseThrow();
        assertThat(byId.get("o_ids").get(0).asText(), is("12"));
        assertThat(byId.get("shop_id").asText(), is(FakeJushuitan.SHOP));
        assertThat(Harness.status(http, tenant, 0).get("quarantined").asInt(), is(1));

        corruptAnswers.set(0); // the vendor's hiccup is over
        JsonNode third = sync(tenant, id);
        assertThat(third.get("released").asInt(), is(1));
        assertThat(SINK.get(tenant, 12).payAmount().toPlainString(), is("22.50"));
        assertThat(SINK.count(tenant), is(30L));
        assertThat(Harness.status(http, tenant, 0).get("quarantined").asInt(), is(0));
        wired().maintain();
        assertThat(gauge(metrics(), "bi_jushuitan_quarantined_orders"), is(before));
    }

    @Test
    void quarantineAnIdTheVendorStopsReturningForTheShopIsDroppedAsARejectAfterTenTries() {
        String tenant = "t-q-gone";
        long id = addShop(tenant);
        orders(1, 10, FakeJushuitan.SHOP);
        fake.corrupt.put(4L, new AtomicInteger(1_000));
        assertThat(sync(tenant, id).get("quarantined").asInt(), is(1));
        fake.orders.remove(4L); // e.g. merged away: the vendor no longer returns it for this shop
        for (int run = 2; run <= 9; run++) {
            sync(tenant, id);
            assertThat("run " + run, Harness.status(http, tenant, 0).get("quarantined").asInt(), is(1));
        }
        sync(tenant, id); // the tenth try
        JsonNode status = Harness.status(http, tenant, 0);
        assertThat(status.get("quarantined").asInt(), is(0));
        assertThat(status.get("rejected_total").asInt(), is(1)); // kept in sync_reject for an operator, not silently lost
        assertThat(SERVICE.platform().jdbc().count("SELECT count(*) FROM sync_reject WHERE credential_id = ? AND payload::jsonb ->> 'o_id' = '4'", id),
                is(1L));
    }

    @Test
    void quarantineAnOrderThePipelineRefusesIsRejectedAndNeverBlocksTheOthers() {
        String tenant = "t-q-refused";
        long id = addShop(tenant);
        orders(1, 30, FakeJushuitan.SHOP);
        SINK.refuse.add("9");
        try {
            JsonNode result = sync(tenant, id);
            assertThat(result.toString(), result.get("outcome").asText(), is("SUCCEEDED"));
            assertThat(result.get("rejected").asInt(), is(1));
            assertThat(SINK.count(tenant), is(29L));
            assertThat(SINK.get(tenant, 9), nullValue());
            assertThat(Harness.status(http, tenant, 0).get("mode").asText(), is("INCREMENTAL")); // the checkpoint moved on
        } finally {
            SINK.refuse.clear();
        }
    }

    // ---- #4 (b) one pull per shop, no guessed shop ---------------------------------------------------------------

    @Test
    void shopsEachCredentialPullsOnlyItsShopAndAShoplessRecordIsNeverAttributed() {
        String tenant = "t-shops";
        fake.app(FakeJushuitan.APP_KEY, FakeJushuitan.APP_SECRET, FakeJushuitan.TOKEN, "10001", "10002");
        long a = addShop(tenant, "10001", FakeJushuitan.APP_KEY, FakeJushuitan.APP_SECRET, FakeJushuitan.TOKEN);
        long b = addShop(tenant, "10002", FakeJushuitan.APP_KEY, FakeJushuitan.APP_SECRET, FakeJushuitan.TOKEN);
        orders(1, 20, "10001");
        orders(21, 20, "10002");
        fake.corrupt.put(25L, new AtomicInteger(1_000)); // order 25 (shop 10002) always comes without its shop

        JsonNode job = Harness.runJob(http, wired(), tenant, "/api/jushuitan/v1/sync");
        assertThat(job.toString(), job.get("status").asText(), is("SUCCEEDED"));
        assertThat(job.get("scope").asText(), is("tenant"));
        assertThat(job.get("results").size(), is(2));
        for (long o = 1; o <= 40; o++) {
            if (o == 25) {
                assertThat(SINK.get(tenant, o), nullValue()); // never attributed to whichever credential pulled it
            } else {
                assertThat("order " + o, SINK.get(tenant, o).shopId(), is(o <= 20 ? "10001" : "10002"));
            }
        }
        // every query named the credential's shop
        assertThat(fake.log.size(), greaterThan(0));
        for (FakeJushuitan.Call call : fake.log) {
            assertThat(call.biz().toString(), call.biz().path("shop_id").asText(), notNullValue());
            assertThat(call.biz().toString(), Set.of("10001", "10002").contains(call.biz().path("shop_id").asText()), is(true));
        }
        JsonNode shops = http.get("/api/jushuitan/v1/shops", bearer(tenant, "VIEWER")).json().get("items");
        assertThat(shops.get(0).get("id").asLong(), is(a));
        assertThat(shops.get(0).get("quarantined").asInt(), is(0));
        assertThat(shops.get(1).get("id").asLong(), is(b));
        assertThat(shops.get(1).get("quarantined").asInt(), is(1));
    }

    // ---- #14 job control -----------------------------------------------------------------------------------------

    @Test
    void jobsParallelTriggersShareOneQueuedJobAndParallelRunnersRunItOnce() throws Exception {
        String tenant = "t-jobs-race";
        long id = addShop(tenant);
        orders(1, 30, FakeJushuitan.SHOP);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Response>> triggers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                triggers.add(pool.submit(() -> http.post("/api/jushuitan/v1/shops/" + id + "/sync", bearer(tenant, "ANALYST"), "")));
            }
            Set<Long> jobIds = new HashSet<>();
            for (Future<Response> f : triggers) {
                Response r = f.get();
                assertThat(r.toString(), r.status(), is(202));
                jobIds.add(r.json().get("id").asLong());
            }
            assertThat(jobIds.size(), is(1));
            List<Future<Boolean>> runners = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String owner = "runner-" + i;
                runners.add(pool.submit(() -> wired().jobs().runNext(owner)));
            }
            int ran = 0;
            for (Future<Boolean> f : runners) {
                ran += f.get() ? 1 : 0;
            }
            assertThat(ran, is(1));
        } finally {
            pool.shutdownNow();
        }
        assertThat(fake.maxInFlight.get(FakeJushuitan.APP_KEY).get(), is(1));
        long jobId = http.get("/api/jushuitan/v1/jobs", bearer(tenant, "VIEWER")).json().get("items").get(0).get("id").asLong();
        JsonNode job = http.get("/api/jushuitan/v1/jobs/" + jobId, bearer(tenant, "VIEWER")).json();
        assertThat(job.get("status").asText(), is("SUCCEEDED"));
        assertThat(SINK.count(tenant), is(30L));
    }

    @Test
    void jobsSyncAllEnqueuesOneJobPerTenantWithoutPullingInTheRequest() {
        List<String> tenants = List.of("t-all-1", "t-all-2", "t-all-3");
        orders(1, 10, FakeJushuitan.SHOP);
        for (String tenant : tenants) {
            addShop(tenant);
        }
        fake.calls.set(0);
        Response r = http.post("/api/jushuitan/v1/sync/all", bearer("platform", "PLATFORM_ADMIN"), "");
        assertThat(r.toString(), r.status(), is(202));
        assertThat(r.json().get("enqueued").asInt(), greaterThanOrEqualTo(3));
        assertThat(fake.calls.get(), is(0)); // nothing was pulled inside the request
        Harness.drain(wired());
        for (JsonNode queued : r.json().get("jobs")) {
            String tenant = queued.get("tenant_id").asText();
            JsonNode job = http.get("/api/jushuitan/v1/jobs/" + queued.get("id").asLong(), bearer(tenant, "VIEWER")).json();
            assertThat(job.toString(), job.get("status").asText(), is(tenants.contains(tenant) ? "SUCCEEDED" : job.get("status").asText()));
        }
        for (String tenant : tenants) {
            assertThat(SINK.count(tenant), is(10L));
        }
    }

    @Test
    void jobsTheLeaseIsRenewedSoALongRunIsNeverOverlapped() throws Exception {
        String tenant = "t-jobs-lease";
        long id = addShop(tenant);
        // 400 orders are 20 pages of 20 at 400 ms each (under the 500 ms upstream timeout): the run outlives the 3 s
        // lease at any hour (200 made 10 pages plus one or two day windows, and at some hours only 5 s)
        orders(1, 400, FakeJushuitan.SHOP);
        fake.afterPage = (page, f) -> {
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Response accepted = http.post("/api/jushuitan/v1/shops/" + id + "/sync", bearer(tenant, "ANALYST"), "");
        assertThat(accepted.status(), is(202));
        AtomicBoolean done = new AtomicBoolean();
        long started = System.nanoTime();
        Thread run = Thread.ofVirtual().start(() -> {
            wired().jobs().runNext("owner-a");
            done.set(true);
        });
        Thread.sleep(300);
        while (!done.get()) {
            // the 3 s lease expires again and again during this run unless it is renewed: another worker racing for
            // the shop or the job must never get it while the run is alive
            boolean taken = wired().shops().lease(id, "intruder", Duration.ofSeconds(3));
            if (taken) {
                // only legitimate once the shop's run ended (it records its success before it frees the lease)
                boolean runEnded = SERVICE.platform().jdbc().one("SELECT last_success_at IS NOT NULL FROM sync_state WHERE credential_id = ?",
                        row -> row.getBoolean(1), id).orElseThrow();
                wired().shops().finish(id, "intruder", "IDLE", null);
                assertThat("the shop lease was taken over while its run was alive", runEnded, is(true));
            }
            boolean claimed = wired().jobs().runNext("owner-b");
            assertThat("the running job was claimed by a second worker", claimed && !done.get(), is(false));
            Thread.sleep(100);
        }
        run.join();
        // the scenario is meaningful only when the run outlived its lease several times over
        assertThat(Duration.ofNanos(System.nanoTime() - started).toSeconds(), greaterThanOrEqualTo(6L));
        assertThat(wired().shops().lease(id, "intruder", Duration.ofSeconds(1)), is(true));
        wired().shops().finish(id, "intruder", "IDLE", null);
        assertThat(SINK.count(tenant), is(400L));
    }

    @Test
    void jobsRowsBecomingVisibleInsideAnAlreadyPagedWindowAreNotLost() {
        String tenant = "t-jobs-late";
        long id = addShop(tenant);
        Instant windowStart = LocalDate.now(JushuitanOrders.BEIJING).minusDays(2).atStartOfDay(JushuitanOrders.BEIJING).toInstant();
        for (long i = 1; i <= 50; i++) {
            Instant modified = windowStart.plus(Duration.ofMinutes(10 + i));
            fake.put(i, windowStart, modified, "Sent", "1.00", "0");
        }
        AtomicBoolean inserted = new AtomicBoolean();
        fake.afterPage = (page, f) -> {
            if (inserted.compareAndSet(false, true)) {
                // committed late on the vendor's side: old modified times at the end of the window, old row versions
                for (long i = 51; i <= 65; i++) {
                    Instant modified = windowStart.plus(Duration.ofHours(23)).plus(Duration.ofMinutes(i - 50));
                    f.put(i, windowStart, modified, "Sent", "1.00", "0").put("ts", 100 + i);
                }
            }
        };
        JsonNode result = sync(tenant, id);
        assertThat(result.toString(), result.get("outcome").asText(), is("SUCCEEDED"));
        assertThat(SINK.count(tenant), is(65L));
    }

    @Test
    void jobsIncrementalPullsUseTheStartTsCursorAfterTheBackfill() {
        String tenant = "t-jobs-ts";
        long id = addShop(tenant);
        orders(1, 30, FakeJushuitan.SHOP);
        JsonNode backfill = sync(tenant, id);
        assertThat(backfill.get("windows").asInt(), greaterThan(1));
        assertThat(Harness.status(http, tenant, 0).get("mode").asText(), is("INCREMENTAL"));
        long cursor = Harness.status(http, tenant, 0).get("ts_cursor").asLong();

        fake.log.clear();
        orders(31, 45, FakeJushuitan.SHOP);
        fake.touch(3, "Refunded", "3.50");
        AtomicBoolean changed = new AtomicBoolean();
        fake.afterPage = (page, f) -> {
            if (changed.compareAndSet(false, true)) {
                f.touch(31, "Refunded", "1.00"); // changes while the pull pages: it gets a higher ts
                f.put(99, Instant.now(), Instant.now(), "Sent", "9.00", "0");
            }
        };
        JsonNode next = sync(tenant, id);
        assertThat(next.toString(), next.get("outcome").asText(), is("SUCCEEDED"));
        assertThat(next.get("windows").asInt(), is(0));
        for (FakeJushuitan.Call call : fake.log) {
            assertThat(call.biz().toString(), call.biz().has("start_ts"), is(true));
            assertThat(call.biz().toString(), call.biz().has("modified_begin"), is(false));
        }
        assertThat(fake.log.get(0).biz().get("start_ts").asLong(), is(cursor));
        assertThat(SINK.count(tenant), is(76L));
        assertThat(SINK.get(tenant, 3).status(), is("REFUNDED"));
        assertThat(SINK.get(tenant, 31).status(), is("REFUNDED"));
        assertThat(Harness.status(http, tenant, 0).get("ts_cursor").asLong(), greaterThan(cursor));
    }

    // ---- #16 unreadable credentials ------------------------------------------------------------------------------

    @Test
    void credentialsOneUnreadableSecretFailsOnlyItsOwnShop() {
        String tenant = "t-creds";
        fake.app("app-b", "secret-b", "token-b", "10002");
        long good = addShop(tenant);
        long bad = addShop(tenant, "10002", "app-b", "secret-b", "token-b");
        orders(1, 10, FakeJushuitan.SHOP);
        orders(11, 10, "10002");
        wired().maintain();
        double before = gauge(metrics(), "bi_jushuitan_unreadable_credentials");
        // as if sealed under another BI_CRYPTO_KEY
        SecretBox other = new SecretBox(new byte[32]);
        SERVICE.platform().jdbc().update("UPDATE shop_credential SET app_secret = ? WHERE id = ?",
                other.seal("secret-b", "jushuitan.secret:" + tenant + "/10002"), bad);

        JsonNode job = Harness.runJob(http, wired(), tenant, "/api/jushuitan/v1/sync");
        JsonNode results = job.get("results");
        assertThat(results.get(0).get("id").asLong(), is(good));
        assertThat(results.get(0).get("outcome").asText(), is("SUCCEEDED"));
        assertThat(results.get(1).get("outcome").asText(), is("CREDENTIALS_UNREADABLE"));
        assertThat(results.get(1).get("error").asText(), containsString("BI_CRYPTO_KEY_PREVIOUS"));
        assertThat(SINK.count(tenant), is(10L));
        JsonNode shop = Harness.status(http, tenant, 1);
        assertThat(shop.get("status").asText(), is("CREDENTIALS_UNREADABLE"));
        assertThat(shop.get("action").asText(), containsString("/credentials"));
        wired().maintain();
        assertThat(gauge(metrics(), "bi_jushuitan_unreadable_credentials"), is(before + 1));

        Response replaced = http.put("/api/jushuitan/v1/shops/" + bad + "/credentials", bearer(tenant, "ADMIN"),
                "{\"app_secret\":\"secret-b\",\"access_token\":\"token-b\"}", null);
        assertThat(replaced.toString(), replaced.status(), is(204));
        wired().maintain();
        assertThat(gauge(metrics(), "bi_jushuitan_unreadable_credentials"), is(before));
        assertThat(Harness.sync(http, wired(), tenant, bad).get("outcome").asText(), is("SUCCEEDED"));
        assertThat(SINK.count(tenant), is(20L));
    }

    // ---- bad input -------------------------------------------------------------------------------------------------

    @Test
    void badInputToTriggersAndJobsIsAProblemJson4xx() {
        String tenant = "t-bad-input";
        long id = addShop(tenant);
        record Call(String method, String path, String body, int status) {
        }
        List<Call> calls = List.of(
                new Call("POST", "/api/jushuitan/v1/shops/abc/sync", "", 400),
                new Call("POST", "/api/jushuitan/v1/shops/-1/sync", "", 400),
                new Call("POST", "/api/jushuitan/v1/shops/99999999999999999999999/sync", "", 400),
                new Call("POST", "/api/jushuitan/v1/shops/" + (id + 1000) + "/sync", "", 404),
                new Call("GET", "/api/jushuitan/v1/jobs/0", null, 400),
                new Call("GET", "/api/jushuitan/v1/jobs/%00", null, 400),
                new Call("GET", "/api/jushuitan/v1/jobs/123456", null, 404),
                new Call("PUT", "/api/jushuitan/v1/shops/" + id + "/credentials", "{\"app_secret\":1}", 400),
                new Call("PUT", "/api/jushuitan/v1/shops/" + id + "/credentials", "{\"app_secret\":\"s\"}", 400),
                new Call("PUT", "/api/jushuitan/v1/shops/" + id + "/credentials", "{\"app_secret\":\"s\",\"access_token\":\"t\",\"x\":1}", 400),
                new Call("PUT", "/api/jushuitan/v1/shops/" + (id + 1000) + "/credentials", "{\"app_secret\":\"s\",\"access_token\":\"t\"}", 404),
                new Call("POST", "/api/jushuitan/v1/shops", "{\"shop_id\":\"abc\",\"app_key\":\"k\",\"app_secret\":\"s\",\"access_token\":\"t\"}", 400),
                new Call("POST", "/api/jushuitan/v1/shops", "{\"shop_id\":\"1\",\"app_key\":\"k\",\"app_secret\":\"s\",\"access_token\":\"t\","
                        + "\"base_url\":\"" + fake.baseUrl() + "\",\"start_from\":\"+999999999-12-31\"}", 400),
                new Call("POST", "/api/jushuitan/v1/shops", "{\"shop_id\":\"1\",\"app_key\":\"k\",\"app_secret\":\"s\",\"access_token\":\"t\","
                        + "\"base_url\":\"" + fake.baseUrl() + "\",\"start_from\":\"1900-01-01\"}", 400),
                new Call("POST", "/api/jushuitan/v1/shops", "{\"shop_id\":\"1\",\"app_key\":\"k\",\"app_secret\":\"s\",\"access_token\":\"t\","
                        + "\"base_url\":\"" + "h".repeat(5000) + "\"}", 400));
        for (Call c : calls) {
            Response r = http.send(c.method(), c.path(), bearer(tenant, "ADMIN"), c.body(), null);
            assertThat(c + " -> " + r, r.status(), is(c.status()));
            assertThat(c + " -> " + r, r.contentType(), startsWith("application/problem+json"));
            assertThat(r.status(), lessThanOrEqualTo(499));
        }
    }
}
