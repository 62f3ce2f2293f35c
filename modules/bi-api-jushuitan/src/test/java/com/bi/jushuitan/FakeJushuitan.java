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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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
 * A local fake of the Jushuitan open API v2 order query: form-encoded POST, MD5 signature check, timestamp window,
 * access token, code/msg/data envelope with codes 10/100/140/180/199/200, paging ordered by modified time,
 * modified_begin/end (≤ 7 days, Beijing time) and start_ts. Tests change orders while a pull pages through them,
 * queue faults (5xx, slow answers, rate limits) and plant malformed records.
 */
final class FakeJushuitan implements AutoCloseable {
    static final String APP_KEY = "fake-app-key";
    static final String APP_SECRET = "fake-app-secret";
    static final String TOKEN = "fake-access-token";

    enum Fault { HTTP_500, SLOW, RATE_199, RATE_200, NOT_JSON }

    private final HttpServer server;
    /** o_id → order JSON */
    final Map<Long, ObjectNode> orders = new ConcurrentSkipListMap<>();
    final Deque<Fault> faults = new ConcurrentLinkedDeque<>();
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger ts = new AtomicInteger(1000);
    /** Called after a page was computed (page index, the fake): tests change orders mid-pull here. */
    volatile BiConsumer<Integer, FakeJushuitan> afterPage = (p, f) -> { };
    volatile long slowMillis = 1500;

    FakeJushuitan() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized ObjectNode put(long oId, Instant orderDate, Instant modified, String status, String amount, String refund) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("o_id", oId);
        o.put("so_id", "SO" + oId);
        o.put("shop_id", "10001");
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
            Fault fault = faults.poll();
            if (fault == Fault.HTTP_500) {
                send(exchange, 500, "{\"error\":\"internal\"}");
                return;
            }
            if (fault == Fault.NOT_JSON) {
                send(exchange, 502, "<html>bad gateway</html>");
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
            if (!"POST".equals(exchange.getRequestMethod())
                    || !exchange.getRequestHeaders().getFirst("Content-Type").startsWith("application/x-www-form-urlencoded")) {
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
            send(exchange, 200, answer(exchange.getRequestURI().getPath(), params));
        }
    }

    private String answer(String path, Map<String, String> params) {
        if (!APP_KEY.equals(params.get("app_key")) || !JushuitanApi.sign(APP_SECRET, params).equals(params.get("sign"))) {
            return envelope(10, "sign error", null);
        }
        if (!TOKEN.equals(params.get("access_token"))) {
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
        List<ObjectNode> matching;
        synchronized (this) {
            Instant from = begin.isEmpty() ? null : JushuitanOrders.parse("modified_begin", begin);
            Instant to = end.isEmpty() ? null : JushuitanOrders.parse("modified_end", end);
            if (from != null && java.time.Duration.between(from, to).toDays() > 7) {
                return envelope(140, "the modified window is at most 7 days", null);
            }
            long startTs = biz.path("start_ts").asLong(-1);
            matching = new ArrayList<>();
            for (ObjectNode o : orders.values()) {
                Instant modified = JushuitanOrders.parse("modified", o.path("modified").asText("1970-01-01 00:00:00"));
                boolean inWindow = from == null || !modified.isBefore(from) && modified.isBefore(to);
                if (inWindow && (startTs < 0 || o.path("ts").asLong() >= startTs)) {
                    matching.add(o.deepCopy());
                }
            }
            matching.sort(Comparator.comparing((ObjectNode o) -> o.path("modified").asText()).thenComparing(o -> o.path("o_id").asLong()));
        }
        int count = matching.size();
        int pageCount = (count + pageSize - 1) / pageSize;
        List<ObjectNode> page = matching.subList(Math.min(count, (pageIndex - 1) * pageSize), Math.min(count, pageIndex * pageSize));
        ObjectNode data = Json.MAPPER.createObjectNode();
        data.put("page_index", pageIndex).put("page_size", pageSize).put("data_count", count).put("page_count", pageCount)
                .put("has_next", pageIndex < pageCount);
        data.putArray("orders").addAll(page);
        afterPage.accept(pageIndex, this);
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
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
