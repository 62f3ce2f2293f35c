package com.bi.server.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** Where composed dashboard answers are kept (Redis when configured, in process otherwise). */
public interface AnswerCache {
    Optional<byte[]> get(String key);

    void put(String key, byte[] answer);

    /** Counts an answer that could not use the cache (its versions or the cache failed). */
    void skipped();

    /**
     * The key of an answer: the tenant in clear (a tenant's answers can only be found with its own name) and a hash
     * of the query and the day versions it was composed from.
     */
    static String key(String tenant, String query, String stamp) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((query + "\n" + stamp).getBytes(StandardCharsets.UTF_8));
            return tenant + ":" + HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
