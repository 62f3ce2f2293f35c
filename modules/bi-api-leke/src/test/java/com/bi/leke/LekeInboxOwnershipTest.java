package com.bi.leke;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.bi.common.server.Platform;
import com.bi.common.testing.TestDatabase;
import com.bi.common.testing.TestKits;
import com.bi.leke.domain.Inbox;
import com.bi.leke.domain.InboxProcessor;
import com.bi.orders.OrderEvent;
import com.bi.orders.sink.OrderSink;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Issue 12 #15: two replicas (two kits, two pools, one schema) process one inbox at the same time, with hand-offs
 * slower than the lease. Replica A's sink delivers (slowly), replica B's sink fails (slowly) and B gives up at once
 * (max attempts 1 → DEAD). An event must end DONE exactly when A delivered it and DEAD exactly when it did not:
 * neither replica may overwrite what the other decided (DONE↔DEAD) after its own lease ran out.
 */
class LekeInboxOwnershipTest {
    private static final String TENANT = "t-leke-own";
    private static final int EVENTS = 40;

    /** Sleeps {@code millis} per publish, then delivers (records the order numbers) or fails. */
    static final class SlowSink implements OrderSink {
        final Set<String> delivered = ConcurrentHashMap.newKeySet();
        final boolean fail;
        final long millis;

        SlowSink(boolean fail, long millis) {
            this.fail = fail;
            this.millis = millis;
        }

        @Override
        public void publish(String tenantId, List<OrderEvent> events) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (fail) {
                throw new IllegalStateException("bi-analysis unavailable");
            }
            events.forEach(e -> delivered.add(e.externalOrderId()));
        }

        @Override
        public String kind() {
            return "slow";
        }
    }

    @Test
    void twoReplicasNeverOverwriteEachOthersDecision() throws Exception {
        Map<String, String> config = new HashMap<>(TestDatabase.config("leke_own"));
        Platform replicaA = TestKits.platform(LekeService.NAME, config);
        Platform replicaB = TestKits.platform(LekeService.NAME, config);
        try {
            Inbox inboxA = LekeService.inbox(replicaA);
            Inbox inboxB = LekeService.inbox(replicaB);
            for (int i = 0; i < EVENTS; i++) {
                inboxA.store(TENANT, "evt-" + i, "order.updated", LekeWebhookTest.event("evt-" + i, "L-" + i, "paid", "0",
                        "2024-06-18T10:01:00+08:00"));
            }
            // a lease of 1 s against 1.5 s hand-offs: without renewal every lease expires mid-hand-off
            Duration lease = Duration.ofSeconds(1);
            SlowSink delivering = new SlowSink(false, 1500);
            SlowSink failing = new SlowSink(true, 1500);
            InboxProcessor a = new InboxProcessor(inboxA, delivering, 4, 1, lease);
            InboxProcessor b = new InboxProcessor(inboxB, failing, 4, 1, lease);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            List<Thread> replicas = List.of(a, b).stream().map(p -> Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < deadline && inboxA.counts(TENANT).get("PENDING") > 0) {
                    try {
                        if (!p.runOnce()) {
                            Thread.sleep(50);
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            })).toList();
            for (Thread replica : replicas) {
                replica.join();
            }
            Map<String, Long> counts = inboxA.counts(TENANT);
            assertThat(counts.toString(), counts.get("PENDING"), is(0L));
            assertThat(counts.toString(), counts.get("DONE") + counts.get("DEAD"), is((long) EVENTS));
            assertThat("both replicas took part: " + counts, counts.get("DONE") > 0 && counts.get("DEAD") > 0, is(true));
            for (Map<String, Object> row : inboxA.list(TENANT, null, EVENTS)) {
                String order = "L-" + row.get("event_id").toString().substring(4);
                boolean done = row.get("status").equals("DONE");
                assertThat(order + " " + row + " delivered=" + delivering.delivered.contains(order),
                        done, is(delivering.delivered.contains(order)));
                assertThat(row.toString(), row.get("attempts"), is(done ? 0 : 1));
            }
        } finally {
            replicaB.close();
            replicaA.close();
        }
    }
}
