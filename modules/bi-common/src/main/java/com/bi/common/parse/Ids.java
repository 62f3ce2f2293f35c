package com.bi.common.parse;

import java.util.OptionalLong;

import com.bi.common.error.ApiException;

/**
 * The one rule for a database id a caller sends (a path's {@code {id}}, a filter, a webhook's order id): a positive
 * {@code long} written in ASCII digits with no sign, no leading zero and no white space. {@code Long.parseLong} alone
 * would take {@code +7}, {@code 007} and other scripts' digits ({@code ٧}), and its overflow message names nothing.
 */
public final class Ids {
    private static final int MAX_DIGITS = 19;

    private Ids() {
    }

    /** The id, or empty when {@code raw} is not one (null, empty, zero, signed, too large, not ASCII digits). */
    public static OptionalLong parse(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > MAX_DIGITS || raw.charAt(0) == '0') {
            return OptionalLong.empty();
        }
        long value = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
            int digit = c - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return OptionalLong.empty();
            }
            value = value * 10 + digit;
        }
        return OptionalLong.of(value);
    }

    /**
     * The id, or a 400 naming {@code name} that shows at most 40 characters of what was sent.
     *
     * @throws ApiException 400 when {@code raw} is not an id
     */
    public static long require(String name, String raw) {
        OptionalLong id = parse(raw);
        if (id.isEmpty()) {
            throw ApiException.badRequest(name, name + " must be a positive integer; got " + Shown.quote(raw));
        }
        return id.getAsLong();
    }
}
