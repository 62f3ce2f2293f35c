package com.bi.jushuitan.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.bi.common.json.Json;
import com.bi.orders.OrderEvent;
import com.bi.orders.sink.OrderSink;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * {@link SyncJobs} with the real {@link ShopSync} over in-memory job and shop stores, an in-memory sink, and an
 * in-process stand-in for the Jushuitan API (a third party: it cannot run here). Queueing, one run per job, the
 * outcome of each shop, giving up, and a stop.
 */
class SyncJobsUnitTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryJobStore jobStore = new InMemoryJobStore(clock);
    private final InMemoryShopStore shops = new InMemoryShopStore(clock);
    private final List<String> published = new ArrayList<>();
    private final Map<String, List<ObjectNode>> upstream = new HashMap<>();
    private final Map<String, RuntimeException> upstreamFailure = new HashMap<>();
    private long ts;
    private final OrderSink sink = new OrderSink() {
        @Override
        public void publish(String tenantId, List<OrderEvent> events) {
            events.forEach(e -> published.add(tenantId + ":" + e.shopId() + ":" + e.externalOrderId()));
        }

        @Override
        public String kind() {
            return "memory";
        }
    };
    private final ShopSync sync = new ShopSync(shops, sink, shop -> (path, biz) -> answer(shop, biz), new Pacing(Duration.ZERO),
            new ShopSync.Options(Duration.ofDays(1), Duration.ofMinutes(1), 100, 10, 10, 0, Duration.ofMillis(1),
                    Duration.ofMillis(1), Duration.ofSeconds(30)), clock);
    private final SyncJobs jobs = new SyncJobs(jobStore, shops, sync, Duration.ofSeconds(30));

    /** The Jushuitan order query over {@link #upstream}: a modified window, a start_ts cursor or o_ids, one page. */
    private JsonNode answer(Shop shop, String bizText) {
        RuntimeException failure = upstreamFailure.get(shop.shopId());
        if (failure != null) {
            throw failure;
        }
        JsonNode biz;
        try {
            biz = Json.MAPPER.readTree(bizText);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode o : upstream.getOrDefault(shop.shopId(), List.of())) {
            Instant modified = JushuitanOrders.parse("modified", o.path("modified").asText());
            boolean inWindow = !biz.has("modified_begin")
                    || !modified.isBefore(JushuitanOrders.parse("b", biz.path("modified_begin").asText()))
                    && modified.isBefore(JushuitanOrders.parse("e", biz.path("modified_end").asText()));
            boolean afterCursor = !biz.has("start_ts") || o.path("ts").asLong() >= biz.path("start_ts").asLong();
            if (inWindow && afterCursor) {
                matching.add(o);
            }
        }
        ObjectNode data = Json.MAPPER.createObjectNode().put("page_index", 1).put("data_count", matching.size())
                .put("page_count", 1).put("has_next", false);
        data.putArray("orders").addAll(matching);
        return data;
    }

    private void order(String shop, long oId, Instant modified) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("o_id", oId).put("so_id", "SO" + oId).put("shop_id", Long.parseLong(shop));
        o.put("order_date", JushuitanOrders.format(modified.minusSeconds(60)));
        o.put("pay_date", JushuitanOrders.format(modified.minusSeconds(30)));
        o.put("modified", JushuitanOrders.format(modified)).put("status", "Sent").put("shop_buyer_id", "b" + oId);
        o.put("pay_amount", "12.00").put("freight", "0.00").put("free_amount", "0.00").put("refund_amount", "0").put("ts", ++ts);
        ArrayNode items = o.putArray("items");
        items.addObject().put("sku_id", "SKU-1").put("qty", 1).put("amount", "12.00").put("refund_amount", "0");
        upstream.computeIfAbsent(shop, s -> new ArrayList<>()).add(o);
    }

    private long shop(String tenant, String shopId) {
        return shops.create(tenant, new ShopStore.Draft(shopId, "TMALL", "app-" + tenant, "secret", "token", "http://upstream.invalid",
                null), NOW.minus(Duration.ofDays(3)));
    }

    @Test
    void aScopeHasOneQueuedJobAndTheScheduledTriggerQueuesOnePerTenantWithShops() {
        long shop = shop("t1", "10001");
        shop("t2", "20001");
        JobStore.Job first = jobs.trigger("t1", shop, "alice");
        assertThat(jobs.trigger("t1", shop, "bob").id(), is(first.id()));
        assertThat(jobs.trigger("t1", null, "bob").id(), is(not(first.id())));
        assertThat(jobs.triggerAll("bi-cron").stream().map(JobStore.Job::tenantId).toList(), contains("t1", "t2"));
        assertThat(jobs.recent("t2").size(), is(1));
        assertThat(jobs.get("t2", first.id()).isPresent(), is(false)); // another tenant's job is not found
    }

    @Test
    void aTenantJobSyncsEveryEnabledShopAndRecordsEachOutcome() {
        long a = shop("t1", "10001");
        long b = shop("t1", "10002");
        order("10001", 1, NOW.minus(Duration.ofDays(2)));
        order("10001", 2, NOW.minus(Duration.ofHours(5)));
        order("10002", 3, NOW.minus(Duration.ofDays(1)));
        JobStore.Job job = jobs.trigger("t1", null, "alice");

        assertThat(jobs.runNext("worker-1"), is(true));
        assertThat(published, containsInAnyOrder("t1:10001:1", "t1:10001:2", "t1:10002:3"));
        JobStore.Job done = jobStore.job(job.id());
        assertThat(done.status(), is("SUCCEEDED"));
        assertThat(done.result(), containsString("\"outcome\":\"SUCCEEDED\""));
        assertThat(shops.state(a).ordersTotal(), is(2L));
        assertThat(shops.state(b).status(), is("IDLE"));
        assertThat(shops.state(a).shop().checkpoint(), is(NOW.minus(Duration.ofMinutes(1)))); // read up to now − lag
        assertThat(jobs.runNext("worker-1"), is(false));
    }

    @Test
    void anUpstreamRefusalOrUnreadableCredentialsFailTheJobAndKeepTheCheckpoint() {
        long refused = shop("t1", "10001");
        long unreadable = shop("t1", "10002");
        long fine = shop("t1", "10003");
        order("10003", 7, NOW.minus(Duration.ofDays(1)));
        upstreamFailure.put("10001", new JushuitanApi.ApiError(JushuitanApi.BAD_TOKEN));
        shops.unreadable(unreadable);
        JobStore.Job job = jobs.trigger("t1", null, "alice");

        jobs.runNext("worker-1");
        assertThat(jobStore.job(job.id()).status(), is("FAILED"));
        assertThat(shops.state(refused).status(), is("FAILED"));
        assertThat(shops.state(refused).lastError(), containsString("renew the access token"));
        assertThat(shops.state(refused).shop().checkpoint(), is(NOW.minus(Duration.ofDays(3))));
        assertThat(shops.state(unreadable).status(), is("CREDENTIALS_UNREADABLE"));
        assertThat(shops.state(fine).status(), is("IDLE"));
        assertThat(published, contains("t1:10003:7"));
    }

    @Test
    void aJobWhoseWorkersKeptDyingIsGivenUpWithoutRunning() {
        shop("t1", "10001");
        order("10001", 1, NOW.minus(Duration.ofDays(1)));
        JobStore.Job job = jobs.trigger("t1", null, "alice");
        for (int i = 0; i < SyncJobs.MAX_ATTEMPTS; i++) {
            jobStore.claim("worker-that-dies-" + i, Duration.ZERO); // claimed, lease expires at once
        }
        assertThat(jobs.runNext("worker-1"), is(true));
        assertThat(jobStore.job(job.id()).status(), is("FAILED"));
        assertThat(published, is(empty()));
    }

    @Test
    void aStopLeavesTheJobRunningForTheNextWorkerAndWritesNothing() {
        long shop = shop("t1", "10001");
        order("10001", 1, NOW.minus(Duration.ofDays(1)));
        JobStore.Job job = jobs.trigger("t1", null, "alice");
        assertThat(jobs.runNext("worker-1", () -> true), is(true));
        assertThat(jobStore.job(job.id()).status(), is("RUNNING"));
        assertThat(published, is(empty()));
        assertThat(shops.state(shop).shop().checkpoint(), is(NOW.minus(Duration.ofDays(3))));
    }
}
