package com.bi.jushuitan;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import com.bi.common.json.Json;
import com.bi.jushuitan.domain.JushuitanApi;
import com.bi.jushuitan.domain.JushuitanOrders;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local fake of the Jushuitan open API v2 order query ({@code /open/orders/single/query}), as the vendor documents
 * it: form-encoded POST with {@code app_key}, {@code access_token}, {@code timestamp}, {@code charset},
 * {@code version=2}, {@code biz} (JSON) and {@code sign}; the code/msg/data envelope with codes 10 (signature),
 * 100 (token), 140 (parameters), 180 (timestamp), 199/200 (rate limits). Each app (company) sees only its own
 * shops' orders. Query parameters: {@code shop_id} (filter), {@code o_ids} (at most 20 ids), {@code modified_begin}
 * and {@code modified_end} (together, Beijing time, at most 7 days apart), {@code start_ts} (row-version cursor:
 * rows with {@code ts >= start_ts}, ordered by ts), {@code page_index} (from 1), {@code page_size} (1..100); one of
 * window, ids or start_ts is required. Answers carry {@code page_index, page_size, data_count, page_count,
 * has_next, orders}; every change of an order gives it a new modified time and a higher {@code ts}.
 * Tests change orders while a pull pages through them, queue faults (5xx, slow answers, rate limits, redirects,
 * oversized and slow-drip bodies, echoed bodies), corrupt orders for a number of answers, and read the call log.
 */
final class FakeJushuitan implements AutoCloseable {
    static final String APP_KEY = "fake-app-key";
    static final String APP_SECRET = "fake-app-secret";
    static final String TOKEN = "fake-access-token";
    static final String SHOP = "10001";

    enum Fault { HTTP_500, SLOW, RATE_199, RATE_200, NOT_JSON, REDIRECT, HUGE, DRIP, ECHO }

    /** An app (company): its secret, token and shops. */
    record App(String key, String secret, String token, Set<String> shops) {
    }

    /** One answered call: app, the biz parameters, when it started and ended (nanos). */
    record Call(String appKey, JsonNode biz, long startNanos, long endNanos) {
    }

    private final HttpServer server;
    final Map<String, App> apps = new ConcurrentHashMap<>();
    /** o_id → order JSON */
    final Map<Long, ObjectNode> orders = new ConcurrentSkipListMap<>();
    final Deque<Fault> faults = new ConcurrentLinkedDeque<>();
    final AtomicInteger calls = new AtomicInteger();
    final AtomicLong ts = new AtomicLong(1000);
    final List<Call> log = new CopyOnWriteArrayList<>();
    /** o_id → how many more answers serve it corrupted (its shop_id removed and pay_amount unreadable) */
    final Map<Long, AtomicInteger> corrupt = new ConcurrentHashMap<>();
    /** Called after a page was computed (page index, the fake): tests change orders mid-pull here. */
    volatile BiConsumer<Integer, FakeJushuitan> afterPage = (p, f) -> { };
    volatile long slowMillis = 1500;
    volatile String redirectTo = "http://127.0.0.1:1/";
    /** Where a redirect was followed to, if ever (the redirect target is this fake: path /followed). */
    final AtomicInteger followed = new AtomicInteger();
    /** Calls in flight per app, and the most seen at once. */
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();

    FakeJushuitan() throws IOException {
        apps.put(APP_KEY, new App(APP_KEY, APP_SECRET, TOKEN, Set.of(SHOP)));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Back to a fresh fake (one app with shop 10001, no orders, faults, corruption or log). */
    synchronized void reset() {
        apps.clear();
        apps.put(APP_KEY, new App(APP_KEY, APP_SECRET, TOKEN, Set.of(SHOP)));
        orders.clear();
        faults.clear();
        corrupt.clear();
        log.clear();
        maxInFlight.clear();
        afterPage = (p, f) -> { };
        calls.set(0);
        followed.set(0);
    }

    /** Another company with its own app key, secret, token and shops. */
    void app(String key, String secret, String token, String... shops) {
        apps.put(key, new App(key, secret, token, Set.of(shops)));
    }

    synchronized ObjectNode put(long oId, Instant orderDate, Instant modified, String status, String amount, String refund) {
        return put(oId, SHOP, orderDate, modified, status, amount, refund);
    }

    synchronized ObjectNode put(long oId, String shop, Instant orderDate, Instant modified, String status, String amount, String refund) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("o_id", oId);
        o.put("so_id", "SO" + oId);
        o.put("shop_id", Long.parseLong(shop));
        o.put("order_date", JushuitanOrders.format(orderDate));
        o.put("pay_date", status.equals("WaitPay") ? "" : JushuitanOrders.format(orderDate.plusSeconds(30)));
        o.put("modified", JushuitanOrders.format(modified));
        o.put("status", status);
        o.put("shop_buyer_id", "buyer-" + (oId % 17));
        o.put("pay_amount", amount);
        o.put("freight", "0.00");
        o.put("free_amount", "0.00");
        o.put("refund_amount", refund);
        o.put("ts", ts.incrementAndGet());
        ArrayNode items = o.putArray("items");
        items.addObject().put("sku_id", "SKU-" + (oId % 5)).put("qty", 1).put("amount", amount).put("refund_amount", refund);
        orders.put(oId, o);
        return o;
    }

    /** The order changes now: a new modified time (now) and a new row version. */
    synchronized void touch(long oId, String status, String refund) {
        ObjectNode o = orders.get(oId);
        o.put("status", status);
        o.put("refund_amount", refund);
        ((ObjectNode) o.get("items").get(0)).put("refund_amount", refund);
        o.put("modified", JushuitanOrders.format(Instant.now()));
        o.put("ts", ts.incrementAndGet());
    }

    private void handle(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        try (exchange) {
            if (exchange.getRequestURI().getPath().equals("/followed")) {
                followed.incrementAndGet();
                send(exchange, 200, envelope(0, "ok", Json.MAPPER.createObjectNode().put("page_count", 1).putArray("orders")));
                return;
            }
            Fault fault = faults.poll();
            if (fault == Fault.HTTP_500) {
                send(exchange, 500, "{\"error\":\"internal\"}");
                return;
            }
            if (fault == Fault.NOT_JSON) {
                send(exchange, 502, "<html>bad gateway</html>");
                return;
            }
            if (fault == Fault.REDIRECT) {
                exchange.getResponseHeaders().set("Location", redirectTo);
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            if (fault == Fault.ECHO) {
                // what an internal service behind a tenant-chosen URL might answer: it must never reach the tenant
                send(exchange, 200, envelope(1, "INTERNAL-SECRET-root:x:0:0 metadata token abc123", null));
                return;
            }
            if (fault == Fault.HUGE) {
                // a valid envelope of 20 MB, streamed without a length: read unbounded, it is accepted
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write("{\"code\":0,\"msg\":\"ok\",\"pad\":\"".getBytes(StandardCharsets.UTF_8));
                    byte[] chunk = "x".repeat(64 << 10).getBytes(StandardCharsets.UTF_8);
                    for (int i = 0; i < 320; i++) {
                        out.write(chunk);
                    }
                    out.write("\",\"data\":{\"page_count\":1,\"orders\":[]}}".getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // the client hung up at its cap
                }
                return;
            }
            if (fault == Fault.DRIP) {
                // headers at once, then one byte every 200 ms for a minute
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                try {
                    out.write("{\"code\":0,\"msg\":\"ok\",\"pad\":\"".getBytes(StandardCharsets.UTF_8));
                    for (int i = 0; i < 300; i++) {
                        out.write('x');
                        out.flush();
                        Thread.sleep(200);
                    }
                    out.write("\",\"data\":{\"page_count\":1,\"orders\":[]}}".getBytes(StandardCharsets.UTF_8));
                } catch (IOException | InterruptedException e) {
                    return; // the client hung up
                }
                out.close();
                return;
            }
            if (fault == Fault.SLOW) {
                try {
                    Thread.sleep(slowMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (fault == Fault.RATE_199 || fault == Fault.RATE_200) {
                send(exchange, 200, envelope(fault == Fault.RATE_199 ? 199 : 200, "too many requests", null));
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (!"POST".equals(exchange.getRequestMethod()) || contentType == null
                    || !contentType.startsWith("application/x-www-form-urlencoded")) {
                send(exchange, 200, envelope(140, "POST application/x-www-form-urlencoded only", null));
                return;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            String appKey = params.getOrDefault("app_key", "");
            AtomicInteger running = inFlight.computeIfAbsent(appKey, k -> new AtomicInteger());
            int now = running.incrementAndGet();
            maxInFlight.computeIfAbsent(appKey, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
            long start = System.nanoTime();
            try {
                String answer = answer(exchange.getRequestURI().getPath(), params, start);
                send(exchange, 200, answer);
            } finally {
                running.decrementAndGet();
            }
        }
    }

    private String answer(String path, Map<String, String> params, long start) {
        App app = apps.get(params.getOrDefault("app_key", ""));
        if (app == null || !JushuitanApi.sign(app.secret(), params).equals(params.get("sign"))) {
            return envelope(10, "sign error", null);
        }
        if (!app.token().equals(params.get("access_token"))) {
            return envelope(100, "invalid access_token", null);
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(params.getOrDefault("timestamp", ""));
        } catch (NumberFormatException e) {
            return envelope(180, "bad timestamp", null);
        }
        if (Math.abs(Instant.now().getEpochSecond() - timestamp) > 600 || !"2".equals(params.get("version"))) {
            return envelope(180, "timestamp out of range", null);
        }
        if (!JushuitanApi.ORDERS.equals(path)) {
            return envelope(140, "unknown method " + path, null);
        }
        JsonNode biz;
        try {
            biz = Json.MAPPER.readTree(params.getOrDefault("biz", "{}"));
        } catch (IOException e) {
            return envelope(140, "biz is not JSON", null);
        }
        int pageIndex = biz.path("page_index").asInt(1);
        int pageSize = biz.path("page_size").asInt(30);
        if (pageIndex < 1 || pageSize < 1 || pageSize > 100) {
            return envelope(140, "page_size must be 1..100", null);
        }
        String begin = biz.path("modified_begin").asText("");
        String end = biz.path("modified_end").asText("");
        if (begin.isEmpty() != end.isEmpty()) {
            return envelope(140, "modified_begin and modified_end go together", null);
        }
        Set<String> oIds = new HashSet<>();
        for (JsonNode id : biz.path("o_ids")) {
            oIds.add(id.asText());
        }
        if (oIds.size() > JushuitanApi.MAX_IDS) {
            return envelope(140, "at most 20 o_ids", null);
        }
        long startTs = biz.path("start_ts").asLong(-1);
        if (begin.isEmpty() && oIds.isEmpty() && startTs < 0) {
            return envelope(140, "modified_begin/modified_end, o_ids or start_ts is required", null);
        }
        String shopFilter = biz.hasNonNull("shop_id") ? biz.path("shop_id").asText() : null;
        List<ObjectNode> matching;
        synchronized (this) {
            Instant from = begin.isEmpty() ? null : JushuitanOrders.parse("modified_begin", begin);
            Instant to = end.isEmpty() ? null : JushuitanOrders.parse("modified_end", end);
            if (from != null && java.time.Duration.between(from, to).toSeconds() > 7 * 86_400) {
                return envelope(140, "the modified window is at most 7 days", null);
            }
            matching = new ArrayList<>();
            for (ObjectNode o : orders.values()) {
                String shop = o.path("shop_id").asText();
                if (!app.shops().contains(shop) || shopFilter != null && !shopFilter.equals(shop)) {
                    continue;
                }
                Instant modified = JushuitanOrders.parse("modified", o.path("modified").asText("1970-01-01 00:00:00"));
                boolean inWindow = from == null || !modified.isBefore(from) && modified.isBefore(to);
                if (inWindow && (startTs < 0 || o.path("ts").asLong() >= startTs)
                        && (oIds.isEmpty() || oIds.contains(o.path("o_id").asText()))) {
                    matching.add(o.deepCopy());
                }
            }
            matching.sort(startTs >= 0 ? Comparator.comparingLong((ObjectNode o) -> o.path("ts").asLong())
                    : Comparator.comparing((ObjectNode o) -> o.path("modified").asText()).thenComparing(o -> o.path("o_id").asLong()));
        }
        int count = matching.size();
        int pageCount = (count + pageSize - 1) / pageSize;
        List<ObjectNode> page = new ArrayList<>(matching.subList(Math.min(count, (pageIndex - 1) * pageSize),
                Math.min(count, pageIndex * pageSize)));
        for (ObjectNode o : page) {
            AtomicInteger left = corrupt.get(o.path("o_id").asLong());
            if (left != null && left.getAndDecrement() > 0) {
                o.remove("shop_id");
                o.put("pay_amount", "12,50 CNY");
            }
        }
        ObjectNode data = Json.MAPPER.createObjectNode();
        data.put("page_index", pageIndex).put("page_size", pageSize).put("data_count", count).put("page_count", pageCount)
                .put("has_next", pageIndex < pageCount);
        data.putArray("orders").addAll(page);
        afterPage.accept(pageIndex, this);
        log.add(new Call(app.key(), biz, start, System.nanoTime()));
        return envelope(0, "执行成功", data);
    }

    private static String envelope(int code, String msg, JsonNode data) {
        ObjectNode envelope = Json.MAPPER.createObjectNode().put("code", code).put("msg", msg);
        envelope.set("data", data);
        return envelope.toString();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // the client gave up (a capped body): nothing to do
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
