package com.bi.jushuitan;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.bi.common.testing.Http;
import com.bi.common.testing.Http.Response;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.jushuitan.domain.JushuitanOrders;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** Pulls from a local fake of the Jushuitan open API: signing, paging, changing data, faults, checkpoints, crashes. */
class JushuitanSyncTest {
    private static final Harness.CapturingSink SINK = new Harness.CapturingSink();
    private final Http http;

    JushuitanSyncTest(WebServer server, URI uri) {
        this.http = new Http(uri);
    }

    // every fake of this class listens on 127.0.0.1: the allow-list names that host on any port
    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new JushuitanService(SINK)).withDatabase()
            .config(Harness.config(0, Map.of("bi.jushuitan.upstream.hosts", "127.0.0.1:*")));

    private static JushuitanService.Wired wired() {
        return SERVICE.app(JushuitanService.Wired.class);
    }


    /** 120 orders modified over the last three days. */
    private static FakeJushuitan fakeWithOrders() throws Exception {
        FakeJushuitan fake = new FakeJushuitan();
        Instant now = Instant.now();
        for (long i = 1; i <= 120; i++) {
            Instant modified = now.minus(Duration.ofMinutes(3 * 24 * 60 - i * 35));
            fake.put(i, modified.minusSeconds(600), modified, i % 10 == 0 ? "Cancelled" : "Sent", "%d.50".formatted(10 + i), "0");
        }
        return fake;
    }

    private long addShop(String tenant, FakeJushuitan fake, String token) {
        Response created = http.post("/api/jushuitan/v1/shops", bearer(tenant, "ADMIN"), """
                {"shop_id":"10001","platform":"TMALL","app_key":"%s","app_secret":"%s","access_token":"%s","base_url":"%s","start_from":"%s"}"""
                .formatted(FakeJushuitan.APP_KEY, FakeJushuitan.APP_SECRET, token, fake.baseUrl(), LocalDate.now().minusDays(4)));
        assertThat(created.toString(), created.status(), is(201));
        return created.json().get("id").asLong();
    }

    private JsonNode sync(String tenant, long id) {
        return Harness.sync(http, wired(), tenant, id);
    }

    private JsonNode status(String tenant) {
        return Harness.status(http, tenant, 0);
    }

    @Test
    void pullsEverySignedPageAndKeepsSecretsSealed() throws Exception {
        String tenant = "t-jst-all";
        try (FakeJushuitan fake = fakeWithOrders()) {
            long id = addShop(tenant, fake, FakeJushuitan.TOKEN);
            JsonNode result = sync(tenant, id);
            assertThat(result.toString(), result.get("error").isNull(), is(true));
            assertThat(SINK.count(tenant), is(120L));
            assertThat(SINK.get(tenant, 10).status(), is("CANCELLED"));
            assertThat(SINK.get(tenant, 11).source(), is("JUSHUITAN"));
            assertThat(SINK.get(tenant, 11).platform(), is("TMALL"));
            JsonNode status = status(tenant);
            assertThat(status.get("status").asText(), is("IDLE"));
            assertThat(status.get("app_secret").asText(), is("********"));
            assertThat(Instant.parse(status.get("checkpoint").asText()).isAfter(Instant.now().minusSeconds(60)), is(true));
            String stored = SERVICE.platform().jdbc().one("SELECT app_secret || access_token FROM shop_credential WHERE id = ?", r -> r.getString(1), id).orElseThrow();
            assertThat(stored, not(containsString(FakeJushuitan.APP_SECRET)));
            assertThat(stored, not(containsString(FakeJushuitan.TOKEN)));

            // an order changes later: the next run (from the checkpoint) brings the new state
            fake.touch(7, "Refunded", "17.50");
            Thread.sleep(1100);
            assertThat(sync(tenant, id).get("error").isNull(), is(true));
            assertThat(SINK.get(tenant, 7).status(), is("REFUNDED"));
            assertThat(SINK.get(tenant, 7).refundAmount().toPlainString(), is("17.50"));

            // isolation and roles
            assertThat(http.get("/api/jushuitan/v1/shops", bearer("t-jst-other", "ADMIN")).json().get("items").size(), is(0));
            assertThat(http.post("/api/jushuitan/v1/shops/" + id + "/sync", bearer("t-jst-other", "ADMIN"), "").status(), is(404));
            assertThat(http.get("/api/jushuitan/v1/shops", null).status(), is(401));
            assertThat(http.post("/api/jushuitan/v1/shops", bearer(tenant, "VIEWER"), "{}").status(), is(403));
            assertThat(http.post("/api/jushuitan/v1/sync/all", bearer(tenant, "ADMIN"), "").status(), is(403));
        }
    }

    @Test
    void ordersChangingMidPullAreNotLost() throws Exception {
        String tenant = "t-jst-change";
        try (FakeJushuitan fake = fakeWithOrders()) {
            long id = addShop(tenant, fake, FakeJushuitan.TOKEN);
            AtomicInteger moved = new AtomicInteger();
            // while the connector pages through a window, the first rows of that window change (leave it)
            fake.afterPage = (page, f) -> {
                if (moved.get() < 6) {
                    long victim = f.orders.keySet().stream().filter(o -> !f.orders.get(o).path("status").asText().equals("Refunded"))
                            .skip(moved.get() * 15L).findFirst().orElseThrow();
                    f.touch(victim, "Refunded", "1.00");
                    moved.incrementAndGet();
                }
            };
            assertThat(sync(tenant, id).get("error").isNull(), is(true));
            fake.afterPage = (p, f) -> { };
            Thread.sleep(1100);
            assertThat(sync(tenant, id).get("error").isNull(), is(true));
            assertThat(moved.get(), is(6));
            assertThat(SINK.count(tenant), is(120L));
            long refunded = fake.orders.values().stream().filter(o -> o.path("status").asText().equals("Refunded")).count();
            long refundedSeen = SINK.latest.entrySet().stream().filter(e -> e.getKey().startsWith(tenant + "|"))
                    .filter(e -> e.getValue().status().equals("REFUNDED")).count();
            assertThat(refundedSeen, is(refunded));
        }
    }

    @Test
    void faultsAndRateLimitsAreRetried() throws Exception {
        String tenant = "t-jst-faults";
        try (FakeJushuitan fake = fakeWithOrders()) {
            long id = addShop(tenant, fake, FakeJushuitan.TOKEN);
            fake.faults.addAll(List.of(FakeJushuitan.Fault.HTTP_500, FakeJushuitan.Fault.SLOW, FakeJushuitan.Fault.RATE_199,
                    FakeJushuitan.Fault.NOT_JSON, FakeJushuitan.Fault.RATE_200, FakeJushuitan.Fault.HTTP_500));
            // malformed records: no o_id, an unreadable amount, an unknown status
            Instant t = Instant.now().minus(Duration.ofHours(30));
            fake.put(900, t, t, "Sent", "12.00", "0").remove("o_id");
            fake.put(901, t, t, "Sent", "abc", "0");
            fake.put(902, t, t, "Teleported", "1.00", "0");
            JsonNode result = sync(tenant, id);
            assertThat(result.toString(), result.get("error").isNull(), is(true));
            assertThat(SINK.count(tenant), is(120L));
            // without an o_id a record cannot be fetched again: rejected; the others are quarantined by o_id
            assertThat(result.get("rejected").asInt(), is(1));
            assertThat(result.get("quarantined").asInt(), is(2));
            assertThat(status(tenant).get("rejected_total").asInt(), is(1));
            assertThat(status(tenant).get("quarantined").asInt(), is(2));
            assertThat(fake.faults.isEmpty(), is(true));
        }
    }

    @Test
    void aBadTokenStopsTheRunWithTheCheckpointUnchanged() throws Exception {
        String tenant = "t-jst-token";
        try (FakeJushuitan fake = fakeWithOrders()) {
            long id = addShop(tenant, fake, "expired-token");
            String before = status(tenant).get("checkpoint").asText();
            JsonNode result = sync(tenant, id);
            assertThat(result.get("error").asText(), containsString("100"));
            JsonNode status = status(tenant);
            assertThat(status.get("status").asText(), is("FAILED"));
            assertThat(status.get("checkpoint").asText(), is(before));
            assertThat(SINK.count(tenant), is(0L));
        }
    }

    @Test
    void aCrashMidWindowResumesWithoutLoss() throws Exception {
        String tenant = "t-jst-crash";
        try (FakeJushuitan fake = fakeWithOrders()) {
            long id = addShop(tenant, fake, FakeJushuitan.TOKEN);
            SINK.publishes.set(0);
            SINK.failAfter.set(2); // the third hand-over fails
            JsonNode failed;
            try {
                failed = sync(tenant, id);
            } finally {
                SINK.failAfter.set(-1);
            }
            // a classified reason for the tenant, never the internal exception's text
            assertThat(failed.get("error").asText(), containsString("internal error"));
            assertThat(failed.get("error").asText(), not(containsString("simulated crash")));
            assertThat(failed.get("windows").asInt(), greaterThan(1));
            String checkpoint = status(tenant).get("checkpoint").asText();
            assertThat(Instant.parse(checkpoint).isBefore(Instant.now().minus(Duration.ofHours(12))), is(true));
            long partial = SINK.count(tenant);
            assertThat(partial, greaterThan(0L));
            assertThat(partial < 120, is(true));
            assertThat(sync(tenant, id).get("error").isNull(), is(true));
            assertThat(SINK.count(tenant), is(120L));
        }
    }

    @Test
    void modifiedTimesAreBeijingTime() {
        Instant instant = Instant.parse("2024-06-17T16:30:00Z");
        assertThat(JushuitanOrders.format(instant), is("2024-06-18 00:30:00"));
        assertThat(JushuitanOrders.parse("modified", "2024-06-18 00:30:00"), is(instant));
    }
}
