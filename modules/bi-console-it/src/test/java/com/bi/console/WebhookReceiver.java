package com.bi.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

/**
 * A local receiver of bi-notify's generic webhook that checks it the way its README tells a receiver to: the body is
 * signed with {@code X-BI-Signature: sha256=<hex HMAC-SHA256(secret, X-BI-Timestamp + "." + raw body)>}, the timestamp
 * is Unix seconds and must be within five minutes of now. A message that passes gets 204; one that does not gets 401
 * (bi-notify then records the delivery as failed). Every request is kept, passed or not.
 */
final class WebhookReceiver implements AutoCloseable {
    static final Duration MAX_SKEW = Duration.ofMinutes(5);

    /** One request as received: the headers that matter, the raw body, and whether signature and timestamp held. */
    record Received(String timestamp, String signature, String deliveryId, String contentType, String body, boolean verified,
                    String rejection) {
    }

    private final HttpServer server;
    private final byte[] secret;
    private final Clock clock;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    WebhookReceiver(String secret, Clock clock) throws IOException {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", exchange -> {
            try (exchange) {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                String timestamp = exchange.getRequestHeaders().getFirst("X-BI-Timestamp");
                String signature = exchange.getRequestHeaders().getFirst("X-BI-Signature");
                String rejection = !"POST".equals(exchange.getRequestMethod()) ? "method " + exchange.getRequestMethod()
                        : check(timestamp, signature, body);
                received.add(new Received(timestamp, signature, exchange.getRequestHeaders().getFirst("X-BI-Delivery"),
                        exchange.getRequestHeaders().getFirst("Content-Type"), new String(body, StandardCharsets.UTF_8),
                        rejection == null, rejection));
                exchange.sendResponseHeaders(rejection == null ? 204 : 401, -1);
            }
        });
        server.start();
    }

    /** The reason to refuse the message, or null when its timestamp is fresh and its signature is the secret's. */
    private String check(String timestamp, String signature, byte[] body) {
        if (timestamp == null || !timestamp.matches("\\d{1,12}")) {
            return "no or malformed X-BI-Timestamp";
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp));
        if (skew > MAX_SKEW.toSeconds()) {
            return "timestamp " + skew + " s away from now";
        }
        if (signature == null || !signature.startsWith("sha256=")) {
            return "no sha256= X-BI-Signature";
        }
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            expected = mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.substring("sha256=".length()));
        } catch (IllegalArgumentException e) {
            return "signature is not hex";
        }
        return MessageDigest.isEqual(expected, given) ? null : "signature does not match";
    }

    URI hookUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
