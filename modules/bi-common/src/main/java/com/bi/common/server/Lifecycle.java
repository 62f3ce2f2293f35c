package com.bi.common.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the service is in its life: started, draining, and how much work is in flight. Readiness goes DOWN
 * as soon as draining starts; shutdown waits for in-flight work to reach zero before the server stops.
 */
public final class Lifecycle {
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object drained = new Object();

    public boolean started() {
        return started.get();
    }

    public void markStarted() {
        started.set(true);
    }

    public boolean draining() {
        return draining.get();
    }

    public void startDraining() {
        draining.set(true);
    }

    public int inFlight() {
        return inFlight.get();
    }

    public void enter() {
        inFlight.incrementAndGet();
    }

    public void exit() {
        if (inFlight.decrementAndGet() == 0) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }

    /** Waits until nothing is in flight or {@code timeout} passes; true when drained. */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (drained) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                drained.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }
}
