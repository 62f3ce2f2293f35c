package com.bi.jushuitan.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;

import com.bi.common.json.Json;
import com.bi.orders.OrderEvent;
import com.bi.orders.sink.OrderSink;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Pulls one shop's orders (every query filtered by the shop's {@code shop_id}), under the shop's lease.
 * <ol>
 * <li>Quarantined orders are re-fetched by {@code o_ids} first; those that validate now are handed over.</li>
 * <li>Backfill: windows [checkpoint, checkpoint + window) by {@code modified_begin/modified_end}, ending at most at
 * now − lag. A window's pages are read from the LAST to the first (page 1 once more at the end): an order changing
 * mid-pull leaves the window and can only move an unread row onto a page still to be read — a duplicate at worst,
 * never a gap. When the final read of page 1 counts more rows than the first did, rows became visible inside the
 * window while it was paged, and the window is read again.</li>
 * <li>Incremental, once the backfill reached now − lag: {@code start_ts} (the row version cursor the vendor
 * recommends; answers are ordered by ts). Keyset paging — page 1 of {@code start_ts} = highest ts read + 1 — so a
 * row changing mid-pull (it gets a higher ts and moves to the end) is read again later and never shifts an unread
 * row past an offset. The stored cursor moves only past rows modified before now − lag, so a write that commits
 * late is still read next time.</li>
 * </ol>
 * A record that fails validation is not set aside at once: its page is read again (a response can be corrupted in
 * transit or by a vendor hiccup); if it still fails, its o_id is quarantined and re-fetched by every later run
 * until it validates. The checkpoint/cursor moves only after the sink confirmed the step's orders, in the same
 * transaction as the quarantine, and only while this run still holds the lease (renewed on its own thread).
 * Rate-limit answers (199, 200) back off; 5xx, timeouts and unreadable answers retry with exponential backoff;
 * other codes and refused addresses stop the run with the checkpoint unchanged.
 */
public final class ShopSync {
    private static final Logger LOG = Logger.getLogger(ShopSync.class.getName());
    /** The quarantine reason of an o_id the vendor did not return for this shop (dropped after a few tries). */
    public static final String NOT_RETURNED = "not returned for this shop";

    public record Options(Duration window, Duration lag, int pageSize, int maxWindows, int maxPages, int retries,
                          Duration backoff, Duration rateBackoff, Duration lease) {
    }

    /** One shop's outcome: SUCCEEDED, FAILED, SKIPPED (another run holds the lease) or CREDENTIALS_UNREADABLE. */
    public record Result(long id, String shopId, String outcome, int windows, int pages, int orders, int rejected,
                         int quarantined, int released, Instant checkpoint, Long tsCursor, String error) {
    }

    /** What a run depends on besides its shop lease: the job's lease (renewed with it) and the service's stop. */
    public interface Heartbeat {
        /** Renews the job's lease; throws {@link LeaseLost} when it is lost. */
        void beat();

        /** True once the service is stopping: the run ends at its next call. */
        default boolean stopping() {
            return false;
        }
    }

    /** The run no longer holds its lease: another worker took over; stop without writing. */
    public static final class LeaseLost extends RuntimeException {
        public LeaseLost() {
            super("the sync lease was lost to another worker; this run stopped without writing");
        }
    }

    /** The service is stopping: the run ends at the next call, its handed-over steps kept. */
    public static final class Stopping extends RuntimeException {
        public Stopping() {
            super("the sync was stopped by a service shutdown; it resumes from the checkpoint");
        }
    }

    private final ShopStore store;
    private final OrderSink sink;
    private final Function<Shop, JushuitanApi.Client> clients;
    private final Pacing pacing;
    private final Options options;
    private final Clock clock;

    public ShopSync(ShopStore store, OrderSink sink, Function<Shop, JushuitanApi.Client> clients, Pacing pacing,
                    Options options, Clock clock) {
        this.store = store;
        this.sink = sink;
        this.clients = clients;
        this.pacing = pacing;
        this.options = options;
        this.clock = clock;
    }

    public Result run(Shop shop, String owner, Heartbeat heartbeat) {
        if (!store.lease(shop.id(), owner, options.lease())) {
            return new Result(shop.id(), shop.shopId(), "SKIPPED", 0, 0, 0, 0, 0, 0, shop.checkpoint(), shop.tsCursor(),
                    "a sync of this shop is already running");
        }
        if (!shop.readable()) {
            store.finish(shop.id(), owner, "CREDENTIALS_UNREADABLE", Shop.UNREADABLE);
            return new Result(shop.id(), shop.shopId(), "CREDENTIALS_UNREADABLE", 0, 0, 0, 0, 0, 0, shop.checkpoint(),
                    shop.tsCursor(), Shop.UNREADABLE);
        }
        Run run = new Run(shop, owner, heartbeat);
        String error = null;
        try (LeaseKeeper keeper = new LeaseKeeper(shop.id(), owner, heartbeat)) {
            run.keeper = keeper;
            run.refetchQuarantined();
            run.backfill();
            run.incremental();
        } catch (LeaseLost e) {
            LOG.warning(() -> "sync of " + shop + " lost its lease");
            return run.result("FAILED", e.getMessage()); // the new owner reports the shop's status
        } catch (JushuitanApi.ApiError | JushuitanApi.Transient | JushuitanApi.Refused | Stopping e) {
            error = e.getMessage(); // classified, fixed texts: never upstream content
            LOG.warning(() -> "sync of " + shop + " stopped: " + e.getMessage());
        } catch (RuntimeException e) {
            error = "the sync stopped on an internal error (handed-over orders are kept; it resumes from the checkpoint)";
            LOG.log(java.util.logging.Level.WARNING, "sync of " + shop + " stopped", e);
        }
        store.finish(shop.id(), owner, error == null ? "IDLE" : "FAILED", error);
        return run.result(error == null ? "SUCCEEDED" : "FAILED", error);
    }

    /**
     * Renews the shop's and the job's leases every third of the lease on its own thread, however long a call,
     * a back-off or a hand-over takes; the run checks it before every call and every write is fenced by the owner.
     */
    private final class LeaseKeeper implements AutoCloseable {
        private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        private volatile boolean lost;

        LeaseKeeper(long id, String owner, Heartbeat heartbeat) {
            Duration every = options.lease().dividedBy(3);
            Thread.ofVirtual().name("jushuitan-lease-" + id).start(() -> {
                try {
                    while (!done.await(every.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        try {
                            if (!store.renew(id, owner, options.lease())) {
                                lost = true;
                                return;
                            }
                            heartbeat.beat();
                        } catch (LeaseLost e) {
                            lost = true;
                            return;
                        } catch (RuntimeException e) {
                            // a database hiccup: the next tick tries again (the lease outlasts two missed ticks)
                            LOG.warning(() -> "renewing the sync lease of shop " + id + " failed: " + e.getMessage());
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        void check() {
            if (lost) {
                throw new LeaseLost();
            }
        }

        @Override
        public void close() {
            done.countDown();
        }
    }

    /** One run's state: the cursors as they move, and counters. */
    private final class Run {
        private final Shop shop;
        private final String owner;
        private final Heartbeat heartbeat;
        private final JushuitanApi.Client client;
        private LeaseKeeper keeper;
        private Instant checkpoint;
        private Long tsCursor;
        private Long maxTsSeen;
        private int windows;
        private int pages;
        private int delivered;
        private int rejected;
        private int quarantined;
        private int released;

        Run(Shop shop, String owner, Heartbeat heartbeat) {
            this.shop = shop;
            this.owner = owner;
            this.heartbeat = heartbeat;
            this.client = clients.apply(shop);
            this.checkpoint = shop.checkpoint();
            this.tsCursor = shop.tsCursor();
            this.maxTsSeen = shop.maxTsSeen();
        }

        Result result(String outcome, String error) {
            return new Result(shop.id(), shop.shopId(), outcome, windows, pages, delivered, rejected, quarantined, released,
                    checkpoint, tsCursor, error);
        }

        void refetchQuarantined() {
            List<String> ids = store.quarantined(shop.id(), 10 * JushuitanApi.MAX_IDS);
            for (int from = 0; from < ids.size(); from += JushuitanApi.MAX_IDS) {
                List<String> batch = ids.subList(from, Math.min(ids.size(), from + JushuitanApi.MAX_IDS));
                ObjectNode biz = query().put("page_index", 1).put("page_size", JushuitanApi.MAX_PAGE_SIZE);
                ArrayNode oIds = biz.putArray("o_ids");
                batch.forEach(id -> oIds.add(id.matches("\\d{1,18}") ? Json.MAPPER.getNodeFactory().numberNode(Long.parseLong(id))
                        : Json.MAPPER.getNodeFactory().textNode(id)));
                Batch read = new Batch();
                JsonNode data = call(biz);
                read.collect(data);
                Set<String> present = new HashSet<>();
                boolean anonymous = false;
                for (JsonNode o : data.path("orders")) {
                    String id = JushuitanOrders.oId(o);
                    anonymous |= id == null;
                    if (id != null) {
                        present.add(id);
                    }
                }
                hand(read);
                List<String> free = new ArrayList<>();
                Map<String, String> still = new LinkedHashMap<>();
                for (String id : batch) {
                    if (read.events.containsKey(id) || read.refused.contains(id)) {
                        free.add(id); // validated now (or refused by the pipeline for good: rejected)
                    } else {
                        still.put(id, read.quarantine.getOrDefault(id, present.contains(id) || anonymous
                                ? "invalid record" : NOT_RETURNED));
                    }
                }
                store.resolveQuarantine(shop.id(), free, still, read.events.size(), read.rejects);
                released += free.size();
                delivered += read.events.size();
                rejected += read.rejects.size();
            }
        }

        void backfill() {
            Instant horizon = clock.instant().minus(options.lag());
            int steps = 0;
            while (tsCursor == null && checkpoint.isBefore(horizon) && steps < options.maxWindows()) {
                Instant end = checkpoint.plus(options.window()).isBefore(horizon) ? checkpoint.plus(options.window()) : horizon;
                Batch read = readWindow(checkpoint, end);
                hand(read);
                if (read.maxTs != null) {
                    maxTsSeen = maxTsSeen == null ? read.maxTs : Math.max(maxTsSeen, read.maxTs);
                }
                // the backfill reached now − lag: every later change has a higher row version than what was read
                Long cursor = end.equals(horizon) && maxTsSeen != null ? maxTsSeen + 1 : null;
                record(new ShopStore.Advance(end, cursor, maxTsSeen, read.events.size(), read.rejects, read.quarantine));
                checkpoint = end;
                tsCursor = cursor;
                windows++;
                steps++;
            }
        }

        void incremental() {
            if (tsCursor == null) {
                return;
            }
            Instant horizon = clock.instant().minus(options.lag());
            long readFrom = tsCursor;
            int budget = options.maxPages();
            boolean more = true;
            // keyset paging: always page 1 from the highest ts read + 1, so a row moving to the end (it changed)
            // never shifts an unread row onto an offset already passed
            while (more && budget-- > 0) {
                Batch read = new Batch();
                ObjectNode biz = query().put("start_ts", readFrom).put("page_index", 1).put("page_size", pageSize());
                JsonNode data = call(biz);
                requireAscendingTs(data);
                int rows = read.collectWithReread(data, biz);
                more = rows >= pageSize() || data.path("has_next").asBoolean(false);
                if (rows == 0) {
                    break;
                }
                hand(read);
                // the stored cursor passes only rows modified before now − lag; rows read past it are read again
                long cursor = tsCursor;
                for (Map.Entry<Long, Instant> row : read.versions.entrySet()) {
                    if (row.getValue() == null || row.getValue().isBefore(horizon)) {
                        cursor = Math.max(cursor, row.getKey() + 1);
                    }
                }
                record(new ShopStore.Advance(checkpoint, cursor, maxTsSeen, read.events.size(), read.rejects, read.quarantine));
                tsCursor = cursor;
                if (read.maxTs == null || read.maxTs < readFrom) {
                    throw new JushuitanApi.Transient("Jushuitan answered a start_ts query without row versions", null);
                }
                readFrom = read.maxTs + 1;
            }
            if (!more && checkpoint.isBefore(horizon)) {
                // read to the end: everything modified before now − lag is handed over
                record(new ShopStore.Advance(horizon, tsCursor, maxTsSeen, 0, List.of(), Map.of()));
                checkpoint = horizon;
            }
        }

        /** Keyset paging is only safe when the answer is ordered by ts, as the vendor documents for start_ts. */
        private void requireAscendingTs(JsonNode data) {
            long previous = Long.MIN_VALUE;
            for (JsonNode o : data.path("orders")) {
                Long ts = JushuitanOrders.ts(o);
                if (ts != null) {
                    if (ts < previous) {
                        throw new JushuitanApi.Transient("Jushuitan answered a start_ts query out of ts order", null);
                    }
                    previous = ts;
                }
            }
        }

        private Batch readWindow(Instant begin, Instant end) {
            for (int pass = 1; pass <= 3; pass++) {
                Batch read = new Batch();
                ObjectNode firstBiz = windowQuery(begin, end, 1);
                JsonNode first = call(firstBiz);
                long countBefore = first.path("data_count").asLong(-1);
                int pageCount = pageCount(first);
                if (pageCount <= 1) {
                    read.collectWithReread(first, firstBiz);
                    return read;
                }
                JsonNode last = null;
                for (int p = pageCount; p >= 1; p--) {
                    ObjectNode biz = windowQuery(begin, end, p);
                    last = call(biz);
                    read.collectWithReread(last, biz);
                }
                long countAfter = last.path("data_count").asLong(-1);
                if (countBefore < 0 || countAfter <= countBefore) {
                    return read;
                }
                LOG.info(() -> "window of " + shop + " grew while it was paged; reading it again");
            }
            throw new JushuitanApi.Transient("the modified window kept growing while it was read; retrying next run", null);
        }

        private int pageCount(JsonNode data) {
            if (data.has("page_count")) {
                return Math.max(1, data.path("page_count").asInt(1));
            }
            long count = data.path("data_count").asLong(0);
            return (int) Math.max(1, Math.min(100_000, (count + pageSize() - 1) / pageSize()));
        }

        private ObjectNode windowQuery(Instant begin, Instant end, int page) {
            return query().put("modified_begin", JushuitanOrders.format(begin)).put("modified_end", JushuitanOrders.format(end))
                    .put("page_index", page).put("page_size", pageSize());
        }

        private ObjectNode query() {
            ObjectNode biz = Json.MAPPER.createObjectNode();
            if (shop.shopId().matches("\\d{1,18}")) {
                biz.put("shop_id", Long.parseLong(shop.shopId()));
            } else {
                biz.put("shop_id", shop.shopId());
            }
            return biz;
        }

        private int pageSize() {
            return Math.min(options.pageSize(), JushuitanApi.MAX_PAGE_SIZE);
        }

        private void record(ShopStore.Advance advance) {
            if (!store.advance(shop.id(), owner, shop.tenantId(), advance)) {
                throw new LeaseLost();
            }
            delivered += advance.delivered();
            rejected += advance.rejects().size();
            quarantined += advance.quarantine().size();
        }

        /** Hands the batch's valid orders to the sink; orders the sink refuses one by one are rejected, not retried. */
        private void hand(Batch read) {
            List<OrderEvent> events = List.copyOf(read.events.values());
            if (events.isEmpty()) {
                return;
            }
            try {
                sink.publish(shop.tenantId(), events);
            } catch (IllegalArgumentException refusedBatch) {
                List<OrderEvent> kept = new ArrayList<>();
                for (OrderEvent event : events) {
                    try {
                        sink.publish(shop.tenantId(), List.of(event));
                        kept.add(event);
                    } catch (IllegalArgumentException refused) {
                        read.refused.add(event.externalOrderId());
                        read.rejects.add(new ShopStore.Reject("refused by the order pipeline",
                                read.raw.getOrDefault(event.externalOrderId(), "{}")));
                    }
                }
                read.events.keySet().retainAll(kept.stream().map(OrderEvent::externalOrderId).toList());
            }
        }

        private JsonNode call(ObjectNode biz) {
            int transientFailures = 0;
            int rateLimited = 0;
            while (true) {
                if (heartbeat.stopping()) {
                    throw new Stopping();
                }
                keeper.check();
                pacing.pace(shop.appKey());
                try {
                    pages++;
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

        /** What one step read: valid orders (newest state per o_id), rejects, quarantine, row versions. */
        private final class Batch {
            final Map<String, OrderEvent> events = new LinkedHashMap<>();
            final Map<String, String> raw = new LinkedHashMap<>();
            final List<ShopStore.Reject> rejects = new ArrayList<>();
            final Map<String, String> quarantine = new LinkedHashMap<>();
            final Set<String> refused = new HashSet<>();
            final Map<Long, Instant> versions = new LinkedHashMap<>();
            Long maxTs;
            int rows;

            /** Collects a page; when a record fails validation, the page is read once more before quarantining. */
            int collectWithReread(JsonNode data, ObjectNode biz) {
                Map<String, String> invalid = new LinkedHashMap<>();
                List<JsonNode> noId = new ArrayList<>();
                int n = collect(data, invalid, noId);
                if (!invalid.isEmpty() || !noId.isEmpty()) {
                    Map<String, String> invalidAgain = new LinkedHashMap<>();
                    List<JsonNode> noIdAgain = new ArrayList<>();
                    collect(call(biz), invalidAgain, noIdAgain);
                    invalid.keySet().removeIf(events::containsKey);
                    invalid.forEach(quarantine::putIfAbsent);
                    invalidAgain.forEach((id, reason) -> {
                        if (!events.containsKey(id)) {
                            quarantine.putIfAbsent(id, reason);
                        }
                    });
                    quarantine.keySet().removeIf(events::containsKey);
                    // without an o_id a record cannot be fetched again: it is rejected (kept for an operator)
                    (noId.isEmpty() ? List.<JsonNode>of() : noIdAgain).forEach(o -> rejects.add(new ShopStore.Reject("o_id is missing", truncate(o.toString()))));
                }
                return n;
            }

            void collect(JsonNode data) {
                Map<String, String> invalid = new LinkedHashMap<>();
                collect(data, invalid, new ArrayList<>());
                invalid.forEach(quarantine::putIfAbsent);
            }

            private int collect(JsonNode data, Map<String, String> invalid, List<JsonNode> noId) {
                int n = 0;
                for (JsonNode o : data.path("orders")) {
                    n++;
                    rows++;
                    Long ts = JushuitanOrders.ts(o);
                    if (ts != null) {
                        versions.merge(ts, JushuitanOrders.modifiedOrNull(o), (a, b) -> a);
                        maxTs = maxTs == null ? ts : Math.max(maxTs, ts);
                    }
                    String oId = JushuitanOrders.oId(o);
                    if (oId == null) {
                        noId.add(o);
                        continue;
                    }
                    try {
                        OrderEvent event = JushuitanOrders.toEvent(shop, o);
                        OrderEvent seen = events.get(oId);
                        if (seen == null || event.modifiedTime().isAfter(seen.modifiedTime())
                                || event.modifiedTime().equals(seen.modifiedTime()) && event.version() > seen.version()) {
                            events.put(oId, event);
                            raw.put(oId, truncate(o.toString()));
                        }
                        invalid.remove(oId);
                    } catch (IllegalArgumentException e) {
                        if (!events.containsKey(oId)) {
                            String field = e instanceof OrderEvent.InvalidOrderException invalidOrder ? invalidOrder.field() : "record";
                            invalid.put(oId, "invalid " + field);
                        }
                    }
                }
                return n;
            }
        }
    }

    private static String truncate(String s) {
        return s.length() > 16_384 ? s.substring(0, 16_384) : s;
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
