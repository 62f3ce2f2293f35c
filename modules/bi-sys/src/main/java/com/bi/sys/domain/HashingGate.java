package com.bi.sys.domain;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.bi.common.error.ApiException;

/**
 * Bounds the Argon2 work running at once (each verification takes ~19 MiB and tens of milliseconds of a core): a
 * flood of logins waits at most {@code maxWait} for a slot, then gets 503 + Retry-After instead of exhausting memory
 * and CPU for everyone. Config {@code bi.sys.argon2.max.concurrent} / {@code bi.sys.argon2.max.wait}.
 */
public final class HashingGate {
    private final Semaphore slots;
    private final long maxWaitNanos;

    public HashingGate(int maxConcurrent, Duration maxWait) {
        this.slots = new Semaphore(maxConcurrent, true);
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** Runs {@code work} holding one slot; {@link Busy} when none frees up within the wait. */
    public <T> T run(Supplier<T> work) {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy();
        }
        if (!acquired) {
            throw new Busy();
        }
        try {
            return work.get();
        } finally {
            slots.release();
        }
    }

    /** 503: every password-check slot is taken; nothing was checked or counted. */
    public static final class Busy extends ApiException implements RetryAfter {
        public Busy() {
            super(503, "Service Unavailable", "too many password checks are in progress; nothing was checked, retry in a second");
        }

        @Override
        public long retryAfterSeconds() {
            return 1;
        }
    }
}
