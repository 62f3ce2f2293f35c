package com.bi.leke.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.bi.common.json.Json;
import com.bi.orders.OrderEvent;
import com.bi.orders.sink.OrderSink;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns inbox events into order events, asynchronously: leases due events, hands each tenant's orders to the sink
 * (Kafka or bi-analysis), and marks them DONE only after the sink confirmed. A failed hand-over is retried with
 * exponential backoff (1 s, 2 s, 4 s … at most 5 min) until {@code maxAttempts}, then DEAD (visible through the
 * API, retryable by an admin). A payload that can never become an order is DEAD at once.
 */
public final class InboxProcessor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(InboxProcessor.class.getName());
    private final Inbox inbox;
    private final OrderSink sink;
    private final Duration poll;
    private final int batch;
    private final int maxAttempts;
    private final Thread thread;
    private final AtomicLong processed = new AtomicLong();
    private volatile boolean running = true;

    public InboxProcessor(Inbox inbox, OrderSink sink, Duration poll, int batch, int maxAttempts) {
        this.inbox = inbox;
        this.sink = sink;
        this.poll = poll;
        this.batch = batch;
        this.maxAttempts = maxAttempts;
        this.thread = Thread.ofVirtual().name("leke-inbox").unstarted(this::loop);
    }

    public InboxProcessor start() {
        thread.start();
        return this;
    }

    public long processed() {
        return processed.get();
    }

    static Duration backoff(int attempts) {
        long seconds = 1L << Math.min(Math.max(attempts - 1, 0), 9);
        return Duration.ofSeconds(Math.min(seconds, 300));
    }

    private void loop() {
        while (running) {
            try {
                if (runOnce() == 0) {
                    Thread.sleep(poll);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "inbox pass failed: " + e.getMessage(), e);
                try {
                    Thread.sleep(poll.multipliedBy(4));
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** One pass: returns how many events it leased. */
    public int runOnce() {
        List<Inbox.Entry> due = inbox.claim(batch, Duration.ofSeconds(60));
        Map<String, List<Inbox.Entry>> entries = new LinkedHashMap<>();
        Map<String, List<OrderEvent>> events = new LinkedHashMap<>();
        for (Inbox.Entry entry : due) {
            try {
                JsonNode body = Json.MAPPER.readTree(entry.payload());
                OrderEvent event = LekeOrders.toEvent(entry.tenantId(), body);
                entries.computeIfAbsent(entry.tenantId(), t -> new ArrayList<>()).add(entry);
                events.computeIfAbsent(entry.tenantId(), t -> new ArrayList<>()).add(event);
            } catch (IllegalArgumentException | java.io.IOException e) {
                inbox.failed(entry.id(), "not an order: " + e.getMessage(), Duration.ZERO, maxAttempts, true);
            }
        }
        entries.forEach((tenant, tenantEntries) -> {
            try {
                sink.publish(tenant, events.get(tenant));
                inbox.done(tenantEntries.stream().map(Inbox.Entry::id).toList());
                processed.addAndGet(tenantEntries.size());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "handing " + tenantEntries.size() + " event(s) of " + tenant + " over failed: " + e.getMessage());
                for (Inbox.Entry entry : tenantEntries) {
                    inbox.failed(entry.id(), e.getMessage() == null ? e.toString() : e.getMessage(),
                            backoff(entry.attempts() + 1), maxAttempts, false);
                }
            }
        });
        return due.size();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
