package com.bi.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for one webhook receiver or group robot that checks what the vendor documents — the signature
 * scheme, the timestamp window, the message format and size limits — and answers the way the vendor does (DingTalk
 * and WeCom: HTTP 200 with {@code errcode}; Feishu: {@code code}). It can fail the next requests with 500 or answer
 * them late, to test retries.
 */
final class FakeReceiver implements AutoCloseable {
    enum Scheme { WEBHOOK, DINGTALK, WECOM, FEISHU }

    /** One message the receiver accepted. */
    record Received(String deliveryId, JsonNode json, String query) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final Scheme scheme;
    private final String secret;
    private final String token;
    final List<Received> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger rejected = new AtomicInteger();
    final AtomicInteger failNext = new AtomicInteger();
    final AtomicInteger slowNext = new AtomicInteger();
    volatile long slowMillis = 2500;

    /** {@code secret}: what the receiver verifies against (null: the robot has no signing); {@code token}: the URL's key. */
    FakeReceiver(Scheme scheme, String secret, String token) throws IOException {
        this.scheme = scheme;
        this.secret = secret;
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** The URL a channel of this receiver is created with (the token where the vendor puts it). */
    String url() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return switch (scheme) {
            case WEBHOOK -> base + "/hooks/bi";
            case DINGTALK -> base + "/robot/send?access_token=" + token;
            case WECOM -> base + "/cgi-bin/webhook/send?key=" + token;
            case FEISHU -> base + "/open-apis/bot/v2/hook/" + token;
        };
    }

    /** Distinct delivery ids accepted (what a receiver that dedupes by X-BI-Delivery keeps). */
    long distinctDeliveries() {
        synchronized (accepted) {
            return accepted.stream().map(Received::deliveryId).distinct().count();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (slowNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            try {
                Thread.sleep(slowMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            answer(exchange, 500, "{\"error\":\"try later\"}");
            return;
        }
        String problem;
        try {
            problem = verify(exchange, body);
        } catch (RuntimeException e) {
            problem = "unreadable request: " + e;
        }
        if (problem != null) {
            rejected.incrementAndGet();
            switch (scheme) {
                case WEBHOOK -> answer(exchange, 401, "{\"error\":\"" + problem + "\"}");
                case DINGTALK -> answer(exchange, 200, "{\"errcode\":310000,\"errmsg\":\"" + problem + "\"}");
                case WECOM -> answer(exchange, 200, "{\"errcode\":93000,\"errmsg\":\"" + problem + "\"}");
                case FEISHU -> answer(exchange, 200, "{\"code\":19021,\"msg\":\"" + problem + "\",\"data\":{}}");
            }
            return;
        }
        accepted.add(new Received(exchange.getRequestHeaders().getFirst("X-BI-Delivery"), JSON.readTree(body),
                exchange.getRequestURI().getRawQuery()));
        switch (scheme) {
            case WEBHOOK -> answer(exchange, 204, null);
            case DINGTALK, WECOM -> answer(exchange, 200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
            case FEISHU -> answer(exchange, 200, "{\"code\":0,\"msg\":\"success\",\"data\":{}}");
        }
    }

    /** Null when the request is what the vendor accepts, else why not. */
    private String verify(HttpExchange exchange, byte[] body) throws IOException {
        long nowMillis = System.currentTimeMillis();
        JsonNode json = JSON.readTree(body);
        switch (scheme) {
            case WEBHOOK -> {
                String timestamp = exchange.getRequestHeaders().getFirst("X-BI-Timestamp");
                String signature = exchange.getRequestHeaders().getFirst("X-BI-Signature");
                if (timestamp == null || signature == null) {
                    return "unsigned";
                }
                if (Math.abs(nowMillis / 1000 - Long.parseLong(timestamp)) > 300) {
                    return "stale timestamp";
                }
                byte[] signed = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
                byte[] all = new byte[signed.length + body.length];
                System.arraycopy(signed, 0, all, 0, signed.length);
                System.arraycopy(body, 0, all, signed.length, body.length);
                String expected = "sha256=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), all));
                if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
                    return "bad signature";
                }
                return json.path("delivery_id").asText().isEmpty() ? "no delivery_id" : null;
            }
            case DINGTALK -> {
                Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
                if (!token.equals(query.get("access_token"))) {
                    return "token missing or invalid";
                }
                if (secret != null) {
                    String timestamp = query.get("timestamp");
                    if (timestamp == null || Math.abs(nowMillis - Long.parseLong(timestamp)) > 3_600_000) {
                        return "timestamp missing or not within one hour";
                    }
                    String expected = Base64.getEncoder().encodeToString(hmac(secret.getBytes(StandardCharsets.UTF_8),
                            (timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
                    if (!expected.equals(query.get("sign"))) {
                        return "sign not match";
                    }
                }
                if (!json.path("msgtype").asText().equals("markdown") || json.path("markdown").path("title").asText().isEmpty()
                        || json.path("markdown").path("text").asText().isEmpty()) {
                    return "not a markdown message";
                }
                return null;
            }
            case WECOM -> {
                if (!token.equals(query(exchange.getRequestURI().getRawQuery()).get("key"))) {
                    return "invalid webhook url";
                }
                String type = json.path("msgtype").asText();
                if (type.equals("markdown")) {
                    String content = json.path("markdown").path("content").asText();
                    return content.isEmpty() || content.getBytes(StandardCharsets.UTF_8).length > 4096 ? "markdown content size out of range" : null;
                }
                if (type.equals("image")) {
                    byte[] image = Base64.getDecoder().decode(json.path("image").path("base64").asText());
                    String md5 = HexFormat.of().formatHex(md5(image));
                    if (image.length > 2 * 1024 * 1024 || !md5.equals(json.path("image").path("md5").asText())) {
                        return "invalid image md5 or size";
                    }
                    return null;
                }
                return "unknown msgtype";
            }
            case FEISHU -> {
                if (!exchange.getRequestURI().getPath().endsWith("/" + token)) {
                    return "invalid hook";
                }
                if (body.length > 20 * 1024) {
                    return "request body too large";
                }
                if (secret != null) {
                    String timestamp = json.path("timestamp").asText();
                    if (timestamp.isEmpty() || Math.abs(nowMillis / 1000 - Long.parseLong(timestamp)) > 3600) {
                        return "timestamp is not within one hour from current time";
                    }
                    String expected = Base64.getEncoder().encodeToString(hmac((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8), new byte[0]));
                    if (!expected.equals(json.path("sign").asText())) {
                        return "sign match fail";
                    }
                }
                if (!json.path("msg_type").asText().equals("interactive") || json.path("card").path("elements").isEmpty()) {
                    return "not an interactive card";
                }
                return null;
            }
        }
        return "unknown scheme";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        if (json == null) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
