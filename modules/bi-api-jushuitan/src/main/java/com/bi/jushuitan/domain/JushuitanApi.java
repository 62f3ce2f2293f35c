package com.bi.jushuitan.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Jushuitan open API v2 conventions: signing, error codes, the answer envelope, and the failures a call can end
 * in. Every failure's message is a fixed, classified text: it is what a tenant sees in {@code last_error}, so it
 * never carries upstream content (an upstream body could be anything the address answered).
 */
public final class JushuitanApi {
    public static final String ORDERS = "/open/orders/single/query";
    public static final int MAX_PAGE_SIZE = 100;
    /** The most ids one {@code o_ids} query takes. */
    public static final int MAX_IDS = 20;
    public static final int BAD_SIGNATURE = 10;
    public static final int BAD_TOKEN = 100;
    public static final int BAD_PARAMETERS = 140;
    public static final int BAD_TIMESTAMP = 180;
    public static final int TOO_MANY_PER_SECOND = 199;
    public static final int TOO_MANY_PER_MINUTE = 200;

    private JushuitanApi() {
    }

    /**
     * {@code sign} = lower-case hex MD5 of app_secret followed by every other parameter as key+value, keys sorted
     * ascending, empty values skipped, no separators, values raw.
     */
    public static String sign(String appSecret, Map<String, String> params) {
        StringBuilder text = new StringBuilder(appSecret);
        new TreeMap<>(params).forEach((key, value) -> {
            if (!"sign".equals(key) && value != null && !value.isEmpty()) {
                text.append(key).append(value);
            }
        });
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A non-zero {@code code} in the answer; the upstream {@code msg} is logged by the client, never kept here. */
    public static final class ApiError extends RuntimeException {
        private final int code;

        public ApiError(int code) {
            super(describe(code));
            this.code = code;
        }

        public int code() {
            return code;
        }

        public boolean rateLimited() {
            return code == TOO_MANY_PER_SECOND || code == TOO_MANY_PER_MINUTE;
        }

        private static String describe(int code) {
            return switch (code) {
                case BAD_SIGNATURE -> "Jushuitan rejected the signature (code 10): check app_key and app_secret";
                case BAD_TOKEN -> "Jushuitan rejected the access token (code 100): renew the access token";
                case BAD_PARAMETERS -> "Jushuitan rejected the query parameters (code 140)";
                case BAD_TIMESTAMP -> "Jushuitan rejected the request time (code 180): check the server clock";
                case TOO_MANY_PER_SECOND, TOO_MANY_PER_MINUTE -> "Jushuitan rate limit (code " + code + ")";
                default -> "Jushuitan answered error code " + code;
            };
        }
    }

    /** 5xx, a timeout, a broken connection or an unreadable answer: worth retrying. */
    public static final class Transient extends RuntimeException {
        public Transient(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The call was not made or its answer not read, and retrying cannot help: the address is not an allowed
     * upstream (SSRF guard), the upstream redirected, or its answer was larger than allowed.
     */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /** One call: path + biz JSON → the {@code data} object. */
    public interface Client {
        JsonNode call(String path, String biz);
    }
}
