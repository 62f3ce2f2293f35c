package com.bi.reports;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook endpoint as a customer would write it from bi-notify's README: {@code X-BI-Signature: sha256=<hex
 * HMAC-SHA256(secret, X-BI-Timestamp + "." + raw body)>}, the timestamp no older than five minutes. A call that fails
 * the check is answered 401 and kept apart, so the test sees it.
 */
final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WINDOW_SECONDS = 300;

    /** One verified call: the delivery id header and the parsed body. */
    record Call(String deliveryId, JsonNode body) {
        String title() {
            return body.get("title").asText();
        }
    }

    private final String secret;
    private final HttpServer server;
    private final List<Call> accepted = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    WebhookReceiver(String secret) throws IOException {
        this.secret = secret;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Call> accepted() {
        return List.copyOf(accepted);
    }

    List<String> refused() {
        return List.copyOf(refused);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String timestamp = exchange.getRequestHeaders().getFirst("X-BI-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-BI-Signature");
            String delivery = exchange.getRequestHeaders().getFirst("X-BI-Delivery");
            String problem = check(timestamp, signature, body);
            if (problem != null || delivery == null) {
                refused.add(problem != null ? problem : "no X-BI-Delivery");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            accepted.add(new Call(delivery, JSON.readTree(body)));
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private String check(String timestamp, String signature, byte[] body) {
        if (timestamp == null || signature == null || !signature.startsWith("sha256=")) {
            return "missing or malformed signature headers";
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return "timestamp not a number: " + timestamp;
        }
        if (Math.abs(Instant.now().getEpochSecond() - sentAt) > WINDOW_SECONDS) {
            return "timestamp outside the window: " + timestamp;
        }
        byte[] expected = hmac(secret, (timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.substring("sha256=".length()));
        } catch (IllegalArgumentException e) {
            return "signature not hex";
        }
        return MessageDigest.isEqual(expected, given) ? null : "signature mismatch";
    }

    /** The signature header's hex, as a sender holding {@code secret} computes it. */
    static String sign(String secret, String timestamp, String body) {
        return HexFormat.of().formatHex(hmac(secret, (timestamp + ".").getBytes(StandardCharsets.UTF_8),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac(String secret, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
