package com.bi.jushuitan.domain;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Spaces calls per credential key (the app key: Jushuitan limits calls per app/merchant), so one tenant's long
 * sync never slows another's. Calls with the same key wait for each other; different keys never do.
 */
public final class Pacing {
    private final Duration minInterval;
    private final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();

    public Pacing(Duration minInterval) {
        this.minInterval = minInterval;
    }

    private static final class Slot {
        private long lastCall;
    }

    /** Returns once at least the minimum interval has passed since the previous call with this key. */
    public void pace(String key) {
        if (minInterval.isZero()) {
            return;
        }
        Slot slot = slots.computeIfAbsent(key, k -> new Slot());
        synchronized (slot) {
            long wait = slot.lastCall + minInterval.toNanos() - System.nanoTime();
            if (slot.lastCall != 0 && wait > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                }
            }
            slot.lastCall = System.nanoTime();
        }
    }
}
