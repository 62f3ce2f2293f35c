package com.bi.nacos.config;

/** A pushed configuration that the service will not apply; the message says why (naming the key). */
public final class RejectedConfigException extends RuntimeException {
    public RejectedConfigException(String message) {
        super(message);
    }
}
