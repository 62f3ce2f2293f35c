package com.bi.sys.domain;

/** An error that tells the client when to retry (the HTTP layer puts it into {@code Retry-After}). */
public interface RetryAfter {
    long retryAfterSeconds();
}
