package com.bi.fuzz;

import com.bi.common.error.ApiException;
import com.bi.orders.OrderEvent;

/**
 * The documented refusal exceptions: what a parser may throw for bad input. Anything else escaping a fuzz target —
 * another exception type, a 5xx {@link ApiException}, an {@link Error} such as OutOfMemoryError — is a finding.
 */
final class Refusals {
    private Refusals() {
    }

    /** Request parsing (kit {@code Json}, {@code RequestParams}, paging, records, JWT verifier): a 4xx ApiException. */
    static void requireClientError(RuntimeException e) {
        if (e instanceof ApiException api && api.status() >= 400 && api.status() < 500 && api.getMessage() != null
                && !api.getMessage().isBlank()) {
            return;
        }
        throw new AssertionError("not a documented refusal (a 4xx ApiException naming the problem): " + e, e);
    }

    /**
     * Order codecs and connector mappers: {@link OrderEvent.InvalidOrderException} (names the field) or a plain
     * {@link IllegalArgumentException} ("not an order event: …"). Subclasses such as NumberFormatException are not
     * documented refusals: they mean a parser let raw input reach a JDK conversion.
     */
    static void requireInvalidOrder(RuntimeException e) {
        if (e instanceof OrderEvent.InvalidOrderException || e.getClass() == IllegalArgumentException.class) {
            if (e.getMessage() != null && !e.getMessage().isBlank()) {
                return;
            }
        }
        throw new AssertionError("not a documented refusal (InvalidOrderException or IllegalArgumentException): " + e, e);
    }
}
