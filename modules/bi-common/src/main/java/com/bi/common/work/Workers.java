package com.bi.common.work;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.Settings;
import io.helidon.health.HealthCheckResponse;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

/**
 * Supervised background loops: each {@link Worker} runs on its own thread; a Throwable from an iteration (an
 * {@link Error} too) is logged, counted and retried after an exponential backoff ({@code bi.worker.backoff.min}
 * doubling up to {@code bi.worker.backoff.max}), so a loop never dies silently. A worker is unhealthy when its thread
 * ended without a stop or it has failed continuously for longer than {@code bi.worker.unhealthy.after}; the kit's
 * readiness check {@code workers} is DOWN while any worker is. {@link #stop()} (the kit calls it on shutdown, after
 * draining and before the pool closes) asks every loop to end, calls {@link Worker#wakeup()}, and waits at most
 * {@code bi.worker.stop.timeout} (then interrupts). Metrics: {@code bi_worker_up{worker}} and
 * {@code bi_worker_iterations_total{worker,outcome="work|idle|error"}}.
 */
public final class Workers implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Workers.class.getName());
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** What {@code bi_worker_up} reads, by worker name: meters live as long as the JVM's registry, workers do not. */
    private static final Map<String, Running> CURRENT = new ConcurrentHashMap<>();

    private final MeterRegistry registry;
    private final Duration unhealthyAfter;
    private final Duration backoffMin;
    private final Duration backoffMax;
    private final Duration stopTimeout;
    private final Map<String, Running> running = new LinkedHashMap<>();
    private boolean stopped;

    public Workers(MeterRegistry registry, Duration unhealthyAfter, Duration backoffMin, Duration backoffMax,
                   Duration stopTimeout) {
        if (backoffMax.compareTo(backoffMin) < 0) {
            throw new IllegalArgumentException("backoff max " + backoffMax + " is below backoff min " + backoffMin);
        }
        this.registry = registry;
        this.unhealthyAfter = unhealthyAfter;
        this.backoffMin = backoffMin;
        this.backoffMax = backoffMax;
        this.stopTimeout = stopTimeout;
    }

    /** Reads {@code bi.worker.unhealthy.after} (2m), {@code bi.worker.backoff.min} (1s), {@code .max} (1m), {@code bi.worker.stop.timeout} (5s). */
    public static Workers fromSettings(Settings settings, MeterRegistry registry) {
        WorkersOptions options = WorkersOptions.from(settings);
        return new Workers(registry, options.unhealthyAfter(), options.backoffMin(), options.backoffMax(), options.stopTimeout());
    }

    /**
     * Starts {@code worker}'s loop on its own thread; after an idle iteration the loop waits {@code idleDelay}
     * (zero for a worker that blocks by itself, e.g. in {@code KafkaConsumer.poll}).
     */
    public synchronized Running start(Worker worker, Duration idleDelay) {
        String name = worker.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a worker name is 1 to 64 of [A-Za-z0-9._-]; got '" + name + "'");
        }
        if (idleDelay == null || idleDelay.isNegative()) {
            throw new IllegalArgumentException("the idle delay of worker " + name + " must be zero or more; got " + idleDelay);
        }
        if (stopped) {
            throw new IllegalStateException("the service is stopping; worker " + name + " was not started");
        }
        if (running.containsKey(name)) {
            throw new IllegalArgumentException("a worker named " + name + " is already running");
        }
        Running loop = new Running(worker, idleDelay);
        running.put(name, loop);
        CURRENT.put(name, loop);
        registry.getOrCreate(Gauge.builder("bi.worker.up", () -> {
                    Running current = CURRENT.get(name);
                    return current != null && current.healthy() ? 1 : 0;
                })
                .description("1 while the background worker's loop runs and is healthy, else 0")
                .tags(List.of(Tag.create("worker", name))));
        loop.thread.start();
        LOG.info(() -> "worker " + name + " started");
        return loop;
    }

    /** The workers started so far, in start order. */
    public synchronized List<Running> all() {
        return List.copyOf(running.values());
    }

    /** True while no worker is unhealthy (stopped workers count as healthy: readiness is DOWN while draining anyway). */
    public boolean healthy() {
        for (Running loop : all()) {
            if (!loop.healthy()) {
                return false;
            }
        }
        return true;
    }

    /** The readiness check {@code workers}: DOWN while any worker is unhealthy, with each worker's state. */
    public HealthCheckResponse health() {
        HealthCheckResponse.Builder response = HealthCheckResponse.builder().status(healthy());
        for (Running loop : all()) {
            response.detail(loop.name(), loop.describe());
        }
        return response.build();
    }

    /**
     * Ends every loop: no new iteration starts, {@link Worker#wakeup()} interrupts a blocking one, each loop closes its
     * worker on its own thread. Waits at most {@code bi.worker.stop.timeout}, then interrupts the threads still
     * running and gives them one more second. Idempotent.
     */
    public void stop() {
        List<Running> loops;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            loops = List.copyOf(running.values());
        }
        for (Running loop : loops) {
            loop.requestStop();
        }
        long deadline = System.nanoTime() + stopTimeout.toNanos();
        List<Running> late = new ArrayList<>();
        for (Running loop : loops) {
            if (!join(loop.thread, deadline - System.nanoTime())) {
                late.add(loop);
            }
        }
        if (late.isEmpty()) {
            return;
        }
        for (Running loop : late) {
            LOG.warning("worker " + loop.name() + " did not stop within " + stopTimeout + "; interrupting it");
            loop.thread.interrupt();
        }
        long grace = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        for (Running loop : late) {
            if (!join(loop.thread, grace - System.nanoTime())) {
                LOG.severe("worker " + loop.name() + " is still running after its stop; leaving it behind");
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static boolean join(Thread thread, long nanos) {
        try {
            return nanos > 0 ? thread.join(Duration.ofNanos(nanos)) : !thread.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !thread.isAlive();
        }
    }

    /** One started worker: its loop, state and counters. */
    public final class Running {
        private final Worker worker;
        private final Duration idleDelay;
        private final Thread thread;
        private final Object signal = new Object();
        private final Counter work;
        private final Counter idle;
        private final Counter error;
        private final AtomicLong consecutiveFailures = new AtomicLong();
        private volatile long failingSinceNanos;
        private volatile String lastError;
        private volatile boolean stopRequested;
        private volatile boolean ended;

        private Running(Worker worker, Duration idleDelay) {
            this.worker = worker;
            this.idleDelay = idleDelay;
            this.work = counter(worker.name(), "work");
            this.idle = counter(worker.name(), "idle");
            this.error = counter(worker.name(), "error");
            // a platform thread: workers block in client libraries (Kafka, JDBC) that may pin a carrier thread
            this.thread = Thread.ofPlatform().name("worker-" + worker.name()).daemon(true).unstarted(this::loop);
        }

        private Counter counter(String name, String outcome) {
            return registry.getOrCreate(Counter.builder("bi.worker.iterations")
                    .description("Iterations of a background worker by outcome")
                    .tags(List.of(Tag.create("worker", name), Tag.create("outcome", outcome))));
        }

        public String name() {
            return worker.name();
        }

        /** The thread the loop runs on. */
        public Thread thread() {
            return thread;
        }

        /** Failures in a row since the last successful iteration. */
        public long consecutiveFailures() {
            return consecutiveFailures.get();
        }

        /** False when the loop ended without a stop or has failed continuously for longer than {@code bi.worker.unhealthy.after}. */
        public boolean healthy() {
            if (stopRequested) {
                return true;
            }
            if (ended || !thread.isAlive() && thread.getState() != Thread.State.NEW) {
                return false;
            }
            long since = failingSinceNanos;
            return since == 0 || System.nanoTime() - since <= unhealthyAfter.toNanos();
        }

        private String describe() {
            if (stopRequested) {
                return ended ? "STOPPED" : "STOPPING";
            }
            if (ended || !thread.isAlive() && thread.getState() != Thread.State.NEW) {
                return "DOWN: its thread ended";
            }
            long since = failingSinceNanos;
            if (since == 0) {
                return "UP";
            }
            long seconds = Duration.ofNanos(System.nanoTime() - since).toSeconds();
            return (healthy() ? "UP" : "DOWN") + ": failing for " + seconds + "s (" + consecutiveFailures.get()
                    + " in a row): " + lastError;
        }

        private void requestStop() {
            stopRequested = true;
            synchronized (signal) {
                signal.notifyAll();
            }
            try {
                worker.wakeup();
            } catch (Throwable e) {
                LOG.log(Level.WARNING, "worker " + name() + ": wakeup failed", e);
            }
        }

        private void loop() {
            try {
                while (!stopRequested) {
                    boolean didWork;
                    try {
                        didWork = worker.runOnce();
                    } catch (Throwable e) {
                        if (stopRequested) {
                            break; // woken up or interrupted by the stop: not a failure
                        }
                        Thread.interrupted(); // a stray interrupt must not cut the backoff short forever
                        failed(e);
                        continue;
                    }
                    if (consecutiveFailures.getAndSet(0) > 0) {
                        LOG.info("worker " + name() + " recovered");
                    }
                    failingSinceNanos = 0;
                    lastError = null;
                    if (didWork) {
                        work.increment();
                    } else {
                        idle.increment();
                        pause(idleDelay);
                    }
                }
            } finally {
                try {
                    worker.close();
                } catch (Throwable e) {
                    LOG.log(Level.WARNING, "worker " + name() + ": close failed", e);
                }
                ended = true;
                LOG.info(() -> "worker " + name() + (stopRequested ? " stopped" : " ended without a stop"));
            }
        }

        private void failed(Throwable e) {
            error.increment();
            long failures = consecutiveFailures.incrementAndGet();
            if (failingSinceNanos == 0) {
                failingSinceNanos = System.nanoTime();
            }
            // the class and message only: a health detail must not carry a stack trace or much text
            String message = e.getMessage();
            lastError = e.getClass().getName() + (message == null ? "" : ": "
                    + (message.length() > 200 ? message.substring(0, 200) + "…" : message));
            Duration backoff = backoff(failures);
            if (failures == 1) {
                LOG.log(Level.WARNING, "worker " + name() + " failed; retrying in " + backoff, e);
            } else {
                LOG.warning("worker " + name() + " failed again (" + failures + " in a row; retrying in " + backoff + "): " + lastError);
            }
            pause(backoff);
        }

        private Duration backoff(long failures) {
            long shift = Math.min(failures - 1, 30);
            long millis = backoffMin.toMillis() << shift;
            return millis >= backoffMax.toMillis() || millis <= 0 ? backoffMax : Duration.ofMillis(millis);
        }

        /** Waits {@code delay} unless a stop comes first. */
        private void pause(Duration delay) {
            if (delay.isZero()) {
                return;
            }
            long until = System.nanoTime() + delay.toNanos();
            synchronized (signal) {
                long left;
                while (!stopRequested && (left = until - System.nanoTime()) > 0) {
                    try {
                        signal.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        // interrupted by a late stop (or a stray interrupt): check the stop flag and go on
                        if (stopRequested) {
                            return;
                        }
                    }
                }
            }
        }
    }
}
