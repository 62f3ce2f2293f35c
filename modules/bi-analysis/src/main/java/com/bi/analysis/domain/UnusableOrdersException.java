package com.bi.analysis.domain;

import com.bi.common.error.ApiException;

/**
 * The database refused orders for what they are (a value no column takes), so retrying them cannot help: a caller
 * sets them aside (Kafka: a reject record per order, gRPC: 400 / INVALID_ARGUMENT) instead of retrying forever.
 */
public final class UnusableOrdersException extends ApiException {
    public UnusableOrdersException(String detail, Throwable cause) {
        super(400, "Bad Request", detail, "orders");
        initCause(cause);
    }
}
