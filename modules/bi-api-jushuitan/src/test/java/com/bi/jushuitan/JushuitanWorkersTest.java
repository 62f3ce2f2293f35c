package com.bi.jushuitan;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import com.bi.common.security.SecretBox;
import com.bi.common.testing.Http;
import com.bi.common.testing.Http.Response;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.jushuitan.data.JdbcShops;
import com.bi.jushuitan.domain.JushuitanOrders;
import com.bi.jushuitan.domain.ShopStore;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The service as it runs: jobs are run by the kit's supervised workers (issue 12 #8, #14), and a key rotation —
 * BI_CRYPTO_KEY new, BI_CRYPTO_KEY_PREVIOUS old — keeps every shop syncing while the maintenance worker re-seals the
 * stored secrets with the new key (#16).
 */
class JushuitanWorkersTest {
    private static final byte[] OLD_KEY = new byte[32];
    private static final byte[] NEW_KEY = new byte[32];
    private static final FakeJushuitan fake = Harness.fake();
    private static final Harness.CapturingSink SINK = new Harness.CapturingSink();
    private final Http http;

    static {
        for (int i = 0; i < 32; i++) {
            OLD_KEY[i] = (byte) (i + 1);
            NEW_KEY[i] = (byte) (100 + i);
        }
    }

    /** The service with its declared workers running, as in production. */
    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new JushuitanService(SINK)).withDatabase()
            .config(Harness.config(fake.port(), Map.of(
                    "bi.crypto.key", Base64.getEncoder().encodeToString(NEW_KEY),
                    "bi.crypto.key.previous", Base64.getEncoder().encodeToString(OLD_KEY),
                    "bi.jushuitan.workers", "2", "bi.jushuitan.poll", "50ms", "bi.jushuitan.maintenance.interval", "200ms")))
            .withWorkers();

    private static JushuitanService.Wired wired() {
        return SERVICE.app(JushuitanService.Wired.class);
    }

    JushuitanWorkersTest(WebServer server, URI uri) {
        this.http = new Http(uri);
    }


    @AfterAll
    static void stop() {
        SERVICE.close(); // stops the workers first, while the fake still answers
        fake.close();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private JsonNode awaitJob(String tenant, String location) throws InterruptedException {
        JsonNode[] job = new JsonNode[1];
        await("job " + location, () -> {
            job[0] = http.get(location, bearer(tenant, "VIEWER")).json();
            String status = job[0].get("status").asText();
            return status.equals("SUCCEEDED") || status.equals("FAILED");
        });
        return job[0];
    }

    @Test
    void jobsAreRunByTheKitsSupervisedWorkers() throws Exception {
        String tenant = "t-workers";
        Instant now = Instant.now();
        for (long i = 1; i <= 25; i++) {
            fake.put(1000 + i, now.minus(Duration.ofHours(i)), now.minus(Duration.ofHours(i)), "Sent", "5.00", "0");
        }
        Response created = http.post("/api/jushuitan/v1/shops", bearer(tenant, "ADMIN"), """
                {"shop_id":"10001","app_key":"%s","app_secret":"%s","access_token":"%s","base_url":"%s","start_from":"%s"}"""
                .formatted(FakeJushuitan.APP_KEY, FakeJushuitan.APP_SECRET, FakeJushuitan.TOKEN, fake.baseUrl(),
                        LocalDate.now(JushuitanOrders.BEIJING).minusDays(3)));
        assertThat(created.status(), is(201));
        Response accepted = http.post("/api/jushuitan/v1/sync", bearer(tenant, "ANALYST"), "");
        assertThat(accepted.status(), is(202));
        JsonNode job = awaitJob(tenant, accepted.header("Location"));
        assertThat(job.toString(), job.get("status").asText(), is("SUCCEEDED"));
        assertThat(SINK.count(tenant), is(25L));
        String metrics = http.get("/observe/metrics", null).body();
        for (String worker : new String[] {"jushuitan-jobs-1", "jushuitan-jobs-2", "jushuitan-maintenance"}) {
            assertThat(worker, Pattern.compile("(?m)^bi_worker_up\\{[^}]*worker=\"" + worker + "\"[^}]*} 1(\\.0)?$")
                    .matcher(metrics).find(), is(true));
        }
        assertThat(http.get("/observe/health/ready", null).status(), is(200));
    }

    @Test
    void keyRotationKeepsShopsSyncingAndReSealsWithTheNewKey() throws Exception {
        String tenant = "t-rotation";
        // credentials stored before the rotation: sealed with the old key only
        ShopStore before = new JdbcShops(SERVICE.platform().jdbc(), new SecretBox(OLD_KEY));
        long id = before.create(tenant, new ShopStore.Draft("10001", "TMALL", FakeJushuitan.APP_KEY, FakeJushuitan.APP_SECRET,
                FakeJushuitan.TOKEN, fake.baseUrl(), null), Instant.now().minus(Duration.ofDays(1)));
        String sealedBefore = SERVICE.platform().jdbc().one("SELECT app_secret FROM shop_credential WHERE id = ?", r -> r.getString(1), id).orElseThrow();

        // the maintenance worker re-seals with the new key; afterwards the old key is no longer needed
        ShopStore newKeyOnly = new JdbcShops(SERVICE.platform().jdbc(), new SecretBox(NEW_KEY));
        await("re-sealing", () -> newKeyOnly.get(tenant, id).orElseThrow().readable());
        String sealedAfter = SERVICE.platform().jdbc().one("SELECT app_secret FROM shop_credential WHERE id = ?", r -> r.getString(1), id).orElseThrow();
        assertThat(sealedAfter, not(is(sealedBefore)));
        assertThat(before.get(tenant, id).orElseThrow().readable(), is(false)); // the old key alone no longer opens it
        // what bi-ops rotate crypto-key finish checks: nothing left on the previous key, after a pass (not the -1 of none)
        await("the gauge after re-sealing", () -> Pattern.compile("(?m)^bi_jushuitan_sealed_with_previous_key(\\{[^}]*})? 0(\\.0)?$")
                .matcher(http.get("/observe/metrics", null).body()).find());
        ShopStore bothKeys = new JdbcShops(SERVICE.platform().jdbc(), new SecretBox(NEW_KEY, OLD_KEY));
        assertThat(bothKeys.sealedWithPreviousKey(), is(0L));
        // seen from a later rotation (NEW becomes the previous key), every stored credential counts
        byte[] nextKey = new byte[32];
        java.util.Arrays.fill(nextKey, (byte) 7);
        long stored = SERVICE.platform().jdbc().count("SELECT count(*) FROM shop_credential");
        assertThat(new JdbcShops(SERVICE.platform().jdbc(), new SecretBox(nextKey, NEW_KEY)).sealedWithPreviousKey(), is(stored));

        Response accepted = http.post("/api/jushuitan/v1/shops/" + id + "/sync", bearer(tenant, "ANALYST"), "");
        assertThat(accepted.status(), is(202));
        JsonNode job = awaitJob(tenant, accepted.header("Location"));
        assertThat(job.toString(), job.get("results").get(0).get("outcome").asText(), is("SUCCEEDED"));
        assertThat(Harness.status(http, tenant, 0).get("status").asText(), is("IDLE"));
    }
}
