package com.bi.leke.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.bi.common.json.Json;
import com.bi.common.work.Worker;
import com.bi.orders.OrderEvent;
import com.bi.orders.sink.OrderSink;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns inbox events into order events, asynchronously: leases due events (owned by this processor's id), hands
 * each tenant's orders to the sink (Kafka or bi-analysis) while renewing the lease, and marks them DONE only after
 * the sink confirmed — and only while it still owns them. A failed hand-over is retried with exponential backoff
 * (1 s, 2 s, 4 s … at most 5 min) until {@code maxAttempts}, then DEAD (visible through the API, retryable by an
 * admin). A payload that can never become an order is DEAD at once; when the sink refuses a batch's orders
 * themselves, they are handed over one by one so only the refused one is DEAD and the others go through.
 */
public final class InboxProcessor implements Worker {
    public static final String NAME = "leke-inbox";
    private static final Logger LOG = Logger.getLogger(InboxProcessor.class.getName());
    private final Inbox inbox;
    private final OrderSink sink;
    private final int batch;
    private final int maxAttempts;
    private final Duration lease;
    private final String owner = "leke-" + UUID.randomUUID();
    private final AtomicLong processed = new AtomicLong();

    public InboxProcessor(Inbox inbox, OrderSink sink, int batch, int maxAttempts, Duration lease) {
        this.inbox = inbox;
        this.sink = sink;
        this.batch = batch;
        this.maxAttempts = maxAttempts;
        this.lease = lease;
    }

    @Override
    public String name() {
        return NAME;
    }

    public long processed() {
        return processed.get();
    }

    public String owner() {
        return owner;
    }

    static Duration backoff(int attempts) {
        long seconds = 1L << Math.min(Math.max(attempts - 1, 0), 9);
        return Duration.ofSeconds(Math.min(seconds, 300));
    }

    /**
     * One pass; true when it leased anything (run again at once), false when nothing was due. Run by the kit
     * {@link Worker} loop: a failure of the pass (the database down, an Error) is logged, counted and retried with
     * backoff, and the leased events come back when their lease expires.
     */
    @Override
    public boolean runOnce() {
        List<Inbox.Entry> due = inbox.claim(owner, batch, lease);
        Map<String, List<Inbox.Entry>> entries = new LinkedHashMap<>();
        Map<String, List<OrderEvent>> events = new LinkedHashMap<>();
        for (Inbox.Entry entry : due) {
            try {
                JsonNode body = Json.MAPPER.readTree(entry.payload());
                OrderEvent event = LekeOrders.toEvent(entry.tenantId(), body);
                entries.computeIfAbsent(entry.tenantId(), t -> new ArrayList<>()).add(entry);
                events.computeIfAbsent(entry.tenantId(), t -> new ArrayList<>()).add(event);
            } catch (RuntimeException | java.io.IOException e) {
                // this event only: it can never become an order, the others go on
                inbox.failed(owner, entry.id(), "not an order: " + e.getMessage(), Duration.ZERO, maxAttempts, true);
            }
        }
        entries.forEach((tenant, tenantEntries) -> handOver(tenant, tenantEntries, events.get(tenant)));
        return !due.isEmpty();
    }

    private void handOver(String tenant, List<Inbox.Entry> tenantEntries, List<OrderEvent> tenantEvents) {
        try {
            publishLeased(tenant, tenantEntries, tenantEvents);
            processed.addAndGet(inbox.done(owner, ids(tenantEntries)));
        } catch (IllegalArgumentException refused) {
            if (tenantEntries.size() == 1) {
                inbox.failed(owner, tenantEntries.getFirst().id(), "refused: " + message(refused), Duration.ZERO, maxAttempts, true);
                return;
            }
            // the receiver refused some order of the batch: one by one, so only that one is set aside
            for (int i = 0; i < tenantEntries.size(); i++) {
                handOver(tenant, List.of(tenantEntries.get(i)), List.of(tenantEvents.get(i)));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "handing " + tenantEntries.size() + " event(s) of " + tenant + " over failed: " + message(e));
            for (Inbox.Entry entry : tenantEntries) {
                inbox.failed(owner, entry.id(), message(e), backoff(entry.attempts() + 1), maxAttempts, false);
            }
        }
    }

    /** Publishes while a heartbeat renews the entries' lease, so a slow hand-off never lets another processor in. */
    private void publishLeased(String tenant, List<Inbox.Entry> tenantEntries, List<OrderEvent> tenantEvents) {
        List<Long> ids = ids(tenantEntries);
        CountDownLatch finished = new CountDownLatch(1);
        // never interrupted: an interrupt inside a JDBC call would close the pooled connection's socket
        Thread heartbeat = Thread.ofVirtual().name("leke-inbox-lease").start(() -> {
            try {
                while (!finished.await(Math.max(10, lease.toMillis() / 3), TimeUnit.MILLISECONDS)) {
                    inbox.renew(owner, ids, lease);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "renewing the inbox lease failed: " + message(e));
            }
        });
        try {
            sink.publish(tenant, tenantEvents);
        } finally {
            finished.countDown();
            try {
                heartbeat.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<Long> ids(List<Inbox.Entry> entries) {
        return entries.stream().map(Inbox.Entry::id).toList();
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
