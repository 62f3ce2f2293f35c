package com.bi.leke.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import com.bi.orders.OrderEvent;
import com.bi.orders.sink.OrderSink;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * {@link InboxProcessor} over an in-memory inbox and sink: hand-over per tenant, poison events set aside alone, a
 * refused order isolated from its batch, backoff then DEAD when the receiver is down, and no DONE after a lost lease.
 */
class InboxProcessorUnitTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryInbox inbox = new InMemoryInbox(now::get);
    private final List<String> published = new ArrayList<>();
    private Consumer<List<OrderEvent>> receiver = events -> { };
    private final OrderSink sink = new OrderSink() {
        @Override
        public void publish(String tenantId, List<OrderEvent> events) {
            receiver.accept(events);
            events.forEach(e -> published.add(tenantId + ":" + e.externalOrderId()));
        }

        @Override
        public String kind() {
            return "memory";
        }
    };
    private final InboxProcessor processor = new InboxProcessor(inbox, sink, 100, 3, Duration.ofMinutes(1));

    static String event(String orderNo) {
        return """
                {"event_id":"e-%s","event_type":"order.updated","order":{"order_no":"%s","shop_id":"dy-1","platform":"douyin",
                 "created_at":"2024-06-18T10:00:00+08:00","paid_at":"2024-06-18T10:01:00+08:00","status":"paid","buyer_id":"u-42",
                 "pay_amount":"99.50","freight":"0","discount":"0","refund_amount":"0","updated_at":"2024-06-18T10:01:00+08:00",
                 "version":1,"items":[{"sku":"SKU-1","category":"tea","quantity":1,"amount":"99.50","refund_amount":"0"}]}}"""
                .formatted(orderNo, orderNo);
    }

    private void store(String tenant, String orderNo) {
        inbox.store(tenant, "e-" + orderNo, "order.updated", event(orderNo));
    }

    @Test
    void eachTenantsOrdersAreHandedOverAndThenDone() {
        store("t1", "A");
        store("t2", "B");
        store("t1", "C");
        assertThat(processor.runOnce(), is(true));
        assertThat(published, contains("t1:A", "t1:C", "t2:B"));
        assertThat(inbox.row("e-A").status(), is("DONE"));
        assertThat(inbox.row("e-B").status(), is("DONE"));
        assertThat(processor.processed(), is(3L));
        assertThat(processor.runOnce(), is(false));
    }

    @Test
    void aPayloadThatIsNoOrderIsDeadAtOnceAndTheOthersGoOn() {
        store("t1", "A");
        inbox.store("t1", "e-bad", "order.updated", "{\"event_id\":\"e-bad\",\"order\":{\"order_no\":\"X\"}}");
        processor.runOnce();
        assertThat(inbox.row("e-bad").status(), is("DEAD"));
        assertThat(inbox.row("e-bad").lastError(), containsString("not an order"));
        assertThat(inbox.row("e-A").status(), is("DONE"));
    }

    @Test
    void anOrderTheReceiverRefusesIsSetAsideAloneAndTheRestOfItsBatchGoesThrough() {
        store("t1", "A");
        store("t1", "REFUSED");
        store("t1", "C");
        receiver = events -> {
            if (events.stream().anyMatch(e -> e.externalOrderId().equals("REFUSED"))) {
                throw new IllegalArgumentException("the receiver refuses REFUSED");
            }
        };
        processor.runOnce();
        assertThat(inbox.row("e-REFUSED").status(), is("DEAD"));
        assertThat(inbox.row("e-REFUSED").lastError(), containsString("refused: the receiver refuses REFUSED"));
        assertThat(inbox.row("e-A").status(), is("DONE"));
        assertThat(inbox.row("e-C").status(), is("DONE"));
        assertThat(published, contains("t1:A", "t1:C"));
    }

    @Test
    void whileTheReceiverIsDownEventsWaitWithGrowingBackoffThenDie() {
        store("t1", "A");
        receiver = events -> {
            throw new IllegalStateException("receiver down");
        };
        processor.runOnce();
        assertThat(inbox.row("e-A").status(), is("PENDING"));
        assertThat(inbox.nextAttemptAt("e-A"), is(now.get().plusSeconds(1)));
        assertThat(processor.runOnce(), is(false)); // not due yet

        now.set(now.get().plusSeconds(1));
        processor.runOnce();
        assertThat(inbox.nextAttemptAt("e-A"), is(now.get().plusSeconds(2)));
        now.set(now.get().plusSeconds(2));
        processor.runOnce();
        assertThat(inbox.row("e-A").status(), is("DEAD"));
        assertThat(inbox.row("e-A").attempts(), is(3));

        receiver = events -> { };
        inbox.retry("t1", inbox.row("e-A").id);
        processor.runOnce();
        assertThat(inbox.row("e-A").status(), is("DONE"));
    }

    @Test
    void aProcessorThatLostItsLeaseMarksNothingDone() {
        store("t1", "A");
        receiver = events -> inbox.takeOver("another-processor");
        processor.runOnce();
        assertThat(published, contains("t1:A"));
        assertThat(inbox.row("e-A").status(), is("PENDING"));
        assertThat(processor.processed(), is(0L));
    }

    @Test
    void backoffDoublesFromOneSecondUpToFiveMinutes() {
        assertThat(List.of(InboxProcessor.backoff(1), InboxProcessor.backoff(2), InboxProcessor.backoff(3), InboxProcessor.backoff(9),
                InboxProcessor.backoff(10), InboxProcessor.backoff(50)), contains(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(256), Duration.ofSeconds(300), Duration.ofSeconds(300)));
    }
}
