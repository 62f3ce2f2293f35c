package com.bi.orders.sink;

/**
 * The receiver refused the orders themselves (not a transient failure): retrying the same batch cannot succeed.
 * A connector hands the orders over one by one then, so only the bad one is set aside (with this message as its
 * reason) and the others go through.
 */
public final class RejectedOrdersException extends IllegalArgumentException {
    public RejectedOrdersException(String message, Throwable cause) {
        super(message, cause);
    }
}
