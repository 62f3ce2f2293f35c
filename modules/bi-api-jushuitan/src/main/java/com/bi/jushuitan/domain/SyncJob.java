package com.bi.jushuitan.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;

import com.bi.common.json.Json;
import com.bi.orders.OrderEvent;
import com.bi.orders.sink.OrderSink;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Pulls one shop's orders by modified-time windows [checkpoint, checkpoint + window) ending at most at
 * now − lag, with paging. Paging through a window while orders change can skip orders (a changed order leaves
 * the window and every later row moves one place up), so a window's pages are read from the LAST to the first
 * (page 1 once more at the end): a row leaving the window can then only move an unread row onto a page still to
 * be read — a duplicate at worst, never a gap; the changed order itself is pulled with a later window. Only after
 * the sink confirmed the window's orders does the checkpoint move to the window's end, so a crash mid-window
 * re-pulls the window (duplicates are harmless: last-modified wins downstream) and loses nothing.
 * Rate-limit answers (199, 200) back off and retry; 5xx and timeouts retry with exponential backoff; other error
 * codes (10 signature, 100 token, 140 parameters, 180 timestamp) stop the run with the checkpoint unchanged.
 */
public final class SyncJob {
    private static final Logger LOG = Logger.getLogger(SyncJob.class.getName());

    public record Options(Duration window, Duration lag, int pageSize, int maxWindows, int retries, Duration backoff,
                          Duration rateBackoff, Duration minInterval) {
    }

    public record Result(long shopId, int windows, int orders, int rejected, Instant checkpoint, String error) {
    }

    private final ShopStore store;
    private final OrderSink sink;
    private final Function<Shop, JushuitanApi.Client> clients;
    private final Options options;
    private final Clock clock;

    public SyncJob(ShopStore store, OrderSink sink, Function<Shop, JushuitanApi.Client> clients, Options options, Clock clock) {
        this.store = store;
        this.sink = sink;
        this.clients = clients;
        this.options = options;
        this.clock = clock;
    }

    public Result run(Shop shop) {
        if (!store.lease(shop.id())) {
            return new Result(shop.id(), 0, 0, 0, shop.checkpoint(), "a sync of this shop is already running");
        }
        JushuitanApi.Client client = clients.apply(shop);
        Instant cursor = shop.checkpoint();
        int windows = 0;
        int delivered = 0;
        int rejected = 0;
        String error = null;
        try {
            Instant horizon = clock.instant().minus(options.lag());
            while (cursor.isBefore(horizon) && windows < options.maxWindows()) {
                Instant end = cursor.plus(options.window()).isBefore(horizon) ? cursor.plus(options.window()) : horizon;
                Map<String, OrderEvent> orders = new LinkedHashMap<>();
                List<ShopStore.Reject> rejects = new ArrayList<>();
                JsonNode first = page(client, cursor, end, 1);
                int pageCount = Math.max(1, first.path("page_count").asInt(1));
                for (int p = pageCount; p >= 1; p--) {
                    collect(shop, p == 1 && pageCount == 1 ? first : page(client, cursor, end, p), orders, rejects);
                }
                List<OrderEvent> events = List.copyOf(orders.values());
                if (!events.isEmpty()) {
                    sink.publish(shop.tenantId(), events);
                }
                store.advance(shop.id(), shop.tenantId(), end, events.size(), rejects);
                delivered += events.size();
                rejected += rejects.size();
                windows++;
                cursor = end;
            }
        } catch (RuntimeException e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.warning(() -> "sync of " + shop + " stopped at " + shopCursor(shop) + ": " + e);
        } finally {
            store.finish(shop.id(), error);
        }
        return new Result(shop.id(), windows, delivered, rejected, cursor, error);
    }

    private static String shopCursor(Shop shop) {
        return shop.checkpoint().toString();
    }

    private void collect(Shop shop, JsonNode page, Map<String, OrderEvent> orders, List<ShopStore.Reject> rejects) {
        for (JsonNode raw : page.path("orders")) {
            try {
                OrderEvent event = JushuitanOrders.toEvent(shop, raw);
                OrderEvent seen = orders.get(event.externalOrderId());
                if (seen == null || event.modifiedTime().isAfter(seen.modifiedTime())
                        || event.modifiedTime().equals(seen.modifiedTime()) && event.version() > seen.version()) {
                    orders.put(event.externalOrderId(), event);
                }
            } catch (IllegalArgumentException e) {
                rejects.add(new ShopStore.Reject(e.getMessage(), raw.toString()));
            }
        }
    }

    private JsonNode page(JushuitanApi.Client client, Instant begin, Instant end, int pageIndex) {
        ObjectNode biz = Json.MAPPER.createObjectNode()
                .put("page_index", pageIndex)
                .put("page_size", Math.min(options.pageSize(), JushuitanApi.MAX_PAGE_SIZE))
                .put("modified_begin", JushuitanOrders.format(begin))
                .put("modified_end", JushuitanOrders.format(end));
        int transientFailures = 0;
        int rateLimited = 0;
        while (true) {
            pace();
            try {
                return client.call(JushuitanApi.ORDERS, biz.toString());
            } catch (JushuitanApi.ApiError e) {
                if (!e.rateLimited() || ++rateLimited > 10) {
                    throw e;
                }
                sleep(cap(options.rateBackoff().multipliedBy(1L << Math.min(rateLimited - 1, 6))));
            } catch (JushuitanApi.Transient e) {
                if (++transientFailures > options.retries()) {
                    throw e;
                }
                sleep(cap(options.backoff().multipliedBy(1L << Math.min(transientFailures - 1, 6))));
            }
        }
    }

    private long lastCall;

    /** At most one call per minInterval (Jushuitan allows 5 per second and 100 per minute). */
    private synchronized void pace() {
        long wait = lastCall + options.minInterval().toMillis() - System.currentTimeMillis();
        if (wait > 0) {
            sleep(Duration.ofMillis(wait));
        }
        lastCall = System.currentTimeMillis();
    }

    private static Duration cap(Duration d) {
        return d.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : d;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
