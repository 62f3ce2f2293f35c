package com.bi.sys.domain;

import com.bi.common.error.ApiException;

/** 429: the account is locked after repeated failed logins; {@code retryAfterSeconds} goes into Retry-After. */
public final class TooManyAttempts extends ApiException implements RetryAfter {
    private final long retryAfterSeconds;

    public TooManyAttempts(String detail, long retryAfterSeconds) {
        super(429, "Too Many Requests", detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
