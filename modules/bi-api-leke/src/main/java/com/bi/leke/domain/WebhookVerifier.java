package com.bi.leke.domain;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.bi.common.error.ApiException;

/**
 * Leke's webhook signature: {@code X-Leke-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>},
 * {@code X-Leke-Timestamp} in Unix seconds within the replay window of now. Compared in constant time. Every
 * refusal is a 401 with the reason (never which tenants exist).
 */
public final class WebhookVerifier {
    private final Duration window;
    private final Clock clock;

    public WebhookVerifier(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            mac.update(body);
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    public void verify(String secret, String timestamp, String signature, byte[] body) {
        if (timestamp == null || signature == null) {
            throw ApiException.unauthorized("the webhook must be signed: X-Leke-Timestamp and X-Leke-Signature are required");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw ApiException.unauthorized("X-Leke-Timestamp must be Unix seconds");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - seconds) > window.toSeconds()) {
            throw ApiException.unauthorized("X-Leke-Timestamp is outside the replay window of " + window.toSeconds() + " s");
        }
        if (secret == null) {
            throw ApiException.unauthorized("the webhook signature does not match");
        }
        String expected = sign(secret, timestamp.trim(), body);
        String given = signature.trim().startsWith("sha256=") ? signature.trim() : "sha256=" + signature.trim();
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8))) {
            throw ApiException.unauthorized("the webhook signature does not match");
        }
    }
}
