package com.bi.common.work;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bi.common.server.Service;
import com.bi.common.server.ServiceRuntime;
import com.bi.common.server.Wiring;
import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import io.helidon.metrics.api.Metrics;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Supervised background loops: failures (Errors too) are survived and counted, health follows them, stop is clean. */
class WorkersTest {
    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A running service with an HTTP server, for the health and metrics endpoints; workers are started on its runtime. */
    private record Served(ServiceUnderTest service, Http http) implements AutoCloseable {
        static Served start(Map<String, String> config) {
            ServiceUnderTest service = ServiceUnderTest.of(Service.of("svc-workers", platform -> Wiring.builder(null).build()))
                    .config(config).start();
            return new Served(service, service.http());
        }

        ServiceRuntime runtime() {
            return service.runtime();
        }

        @Override
        public void close() {
            service.close();
        }
    }

    private static double sample(String metrics, String name, String worker, String outcome) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{") && line.contains("worker=\"" + worker + "\"")
                    && (outcome == null || line.contains("outcome=\"" + outcome + "\""))) {
                Matcher value = Pattern.compile("}\\s+(\\S+)").matcher(line);
                if (value.find()) {
                    return Double.parseDouble(value.group(1));
                }
            }
        }
        throw new AssertionError("no sample " + name + " for worker " + worker + " outcome " + outcome + " in:\n" + metrics);
    }

    @Test
    void aWorkerThatThrowsKeepsRunningAndIsCounted() throws Exception {
        String name = unique("thrower");
        AtomicInteger calls = new AtomicInteger();
        Worker worker = new Worker() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean runOnce() throws Exception {
                return switch (calls.incrementAndGet()) {
                    case 1 -> throw new IllegalStateException("a runtime failure");
                    case 2 -> throw new OutOfMemoryError("an Error (simulated)");
                    case 3 -> throw new StackOverflowError();
                    case 4 -> throw new java.io.IOException("a checked failure");
                    case 5, 6 -> true;
                    default -> false;
                };
            }
        };
        try (Served served = Served.start(Map.of("bi.worker.backoff.min", "5ms", "bi.worker.backoff.max", "20ms"))) {
            Workers.Running running = served.runtime().workers().start(worker, Duration.ofMillis(10));
            await("the worker to get past its failures and go idle", () -> calls.get() >= 10);
            assertThat(running.thread().isAlive(), is(true));
            assertThat(running.consecutiveFailures(), is(0L));
            assertThat(running.healthy(), is(true));

            String metrics = served.http().get("/observe/metrics", null).body();
            assertThat(sample(metrics, "bi_worker_iterations_total", name, "error"), is(4.0));
            assertThat(sample(metrics, "bi_worker_iterations_total", name, "work"), is(2.0));
            assertThat(sample(metrics, "bi_worker_iterations_total", name, "idle"), greaterThanOrEqualTo(3.0));
            assertThat(sample(metrics, "bi_worker_up", name, null), is(1.0));
            assertThat(served.http().get("/observe/health/ready", null).status(), is(200));
        }
    }

    @Test
    void failingLongerThanUnhealthyAfterMakesReadinessDownAndRecovers() throws Exception {
        String name = unique("flaky");
        AtomicBoolean failing = new AtomicBoolean(true);
        Worker worker = new Worker() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean runOnce() {
                if (failing.get()) {
                    throw new IllegalStateException("the upstream is down");
                }
                return false;
            }
        };
        try (Served served = Served.start(Map.of("bi.worker.unhealthy.after", "300ms",
                "bi.worker.backoff.min", "10ms", "bi.worker.backoff.max", "50ms"))) {
            assertThat(served.http().get("/observe/health/ready", null).status(), is(200));
            served.runtime().workers().start(worker, Duration.ofMillis(10));

            await("readiness DOWN", () -> served.http().get("/observe/health/ready", null).status() == 503);
            Http.Response down = served.http().get("/observe/health/ready", null);
            assertThat(down.body(), containsString("workers"));
            assertThat(down.body(), containsString(name));
            assertThat(down.body(), containsString("the upstream is down"));
            assertThat(served.runtime().ready(), is(false));
            String metrics = served.http().get("/observe/metrics", null).body();
            assertThat(sample(metrics, "bi_worker_up", name, null), is(0.0));
            assertThat(sample(metrics, "bi_worker_iterations_total", name, "error"), greaterThanOrEqualTo(2.0));
            // liveness is not affected: restarting the pod would not bring the upstream back
            assertThat(served.http().get("/observe/health/live", null).status(), is(200));

            failing.set(false);
            await("readiness UP again", () -> served.http().get("/observe/health/ready", null).status() == 200);
            assertThat(served.runtime().ready(), is(true));
            assertThat(sample(served.http().get("/observe/metrics", null).body(), "bi_worker_up", name, null), is(1.0));
        }
    }

    @Test
    void stopEndsTheLoopAndClosesOnTheWorkerThread() throws Exception {
        String name = unique("blocking");
        CountDownLatch inRunOnce = new CountDownLatch(1);
        CountDownLatch woken = new CountDownLatch(1);
        AtomicInteger callsAfterClose = new AtomicInteger();
        AtomicBoolean closed = new AtomicBoolean();
        List<Thread> closedOn = new CopyOnWriteArrayList<>();
        List<Thread> wokenFrom = new CopyOnWriteArrayList<>();
        Worker worker = new Worker() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean runOnce() throws Exception {
                if (closed.get()) {
                    callsAfterClose.incrementAndGet();
                }
                inRunOnce.countDown();
                woken.await(); // blocks like KafkaConsumer.poll until wakeup()
                return true;
            }

            @Override
            public void wakeup() {
                wokenFrom.add(Thread.currentThread());
                woken.countDown();
            }

            @Override
            public void close() {
                closed.set(true);
                closedOn.add(Thread.currentThread());
            }
        };
        Served served = Served.start(Map.of());
        Workers.Running running = served.runtime().workers().start(worker, Duration.ofSeconds(1));
        assertThat(inRunOnce.await(20, TimeUnit.SECONDS), is(true));
        served.close(); // the runtime's shutdown path: workers stop after draining, before the pool

        assertThat(running.thread().isAlive(), is(false));
        assertThat(closedOn, is(List.of(running.thread())));
        assertThat(closedOn.getFirst(), sameInstance(running.thread()));
        assertThat(wokenFrom.size(), is(1));
        assertThat(wokenFrom.getFirst(), not(sameInstance(running.thread())));
        assertThat(callsAfterClose.get(), is(0));
        assertThrows(IllegalStateException.class, () -> served.runtime().workers().start(worker, Duration.ZERO));
    }

    @Test
    void stopIsBoundedWhenAWorkerIgnoresWakeup() throws Exception {
        String name = unique("stubborn");
        CountDownLatch inRunOnce = new CountDownLatch(1);
        AtomicBoolean closed = new AtomicBoolean();
        Worker worker = new Worker() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean runOnce() throws Exception {
                inRunOnce.countDown();
                Thread.sleep(Duration.ofHours(1)); // ignores wakeup(); only an interrupt ends it
                return true;
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        Workers workers = new Workers(Metrics.globalRegistry(), Duration.ofMinutes(2), Duration.ofMillis(10),
                Duration.ofMillis(10), Duration.ofMillis(200));
        Workers.Running running = workers.start(worker, Duration.ZERO);
        assertThat(inRunOnce.await(20, TimeUnit.SECONDS), is(true));
        workers.stop();
        assertThat(running.thread().isAlive(), is(false));
        assertThat(closed.get(), is(true));
    }

    @Test
    void badWorkersAreRefused() {
        Workers workers = new Workers(Metrics.globalRegistry(), Duration.ofMinutes(2), Duration.ofMillis(10),
                Duration.ofMillis(10), Duration.ofMillis(200));
        Worker idle = new Worker() {
            @Override
            public String name() {
                return "has a space";
            }

            @Override
            public boolean runOnce() {
                return false;
            }
        };
        assertThat(assertThrows(IllegalArgumentException.class, () -> workers.start(idle, Duration.ZERO)).getMessage(),
                containsString("worker name"));
        String name = unique("twice");
        Worker named = new Worker() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean runOnce() {
                return false;
            }
        };
        workers.start(named, Duration.ofMillis(50));
        assertThat(assertThrows(IllegalArgumentException.class, () -> workers.start(named, Duration.ZERO)).getMessage(),
                containsString("already running"));
        workers.stop();
    }
}
