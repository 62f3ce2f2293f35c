package com.bi.common.security;

/**
 * The bearer token of the request being handled, so calls to peers carry the user's identity on (each peer
 * verifies it again). Bound by the HTTP and gRPC edges for the duration of a request.
 */
public final class CallerToken {
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private CallerToken() {
    }

    public static String current() {
        return CURRENT.get();
    }

    public static void bind(String token) {
        if (token == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(token);
        }
    }
}
