package com.bi.leke;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.leke.domain.Inbox;
import com.bi.leke.domain.InboxProcessor;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Issue 12 #8: the inbox processor runs on the kit's supervised worker loop. An Error thrown in one pass (the old
 * loop caught only RuntimeException, so its thread died silently) does not end the loop: the events are delivered
 * after their lease expires. A persistent fault (the inbox cannot be read) makes readiness DOWN, naming the worker,
 * and readiness comes back once the fault is gone — the loop never stopped.
 */
class LekeBackgroundWorkTest {
    private static FaultyInbox inbox;
    private final Http http;

    /** The real inbox, with faults injected into {@link #claim} on demand. */
    static final class FaultyInbox implements Inbox {
        final Inbox real;
        final AtomicInteger errorsOnce = new AtomicInteger();
        final AtomicReference<RuntimeException> persistent = new AtomicReference<>();

        FaultyInbox(Inbox real) {
            this.real = real;
        }

        @Override
        public List<Entry> claim(String owner, int limit, Duration lease) {
            if (persistent.get() != null) {
                throw persistent.get();
            }
            List<Entry> claimed = real.claim(owner, limit, lease);
            if (!claimed.isEmpty() && errorsOnce.getAndDecrement() > 0) {
                // after the lease was taken: the events come back only when it expires
                throw new OutOfMemoryError("injected into one pass of the inbox processor");
            }
            return claimed;
        }

        @Override public boolean store(String t, String e, String type, String p) { return real.store(t, e, type, p); }
        @Override public List<Long> renew(String o, List<Long> ids, Duration l) { return real.renew(o, ids, l); }
        @Override public int done(String o, List<Long> ids) { return real.done(o, ids); }
        @Override public boolean failed(String o, long id, String e, Duration r, int m, boolean p) { return real.failed(o, id, e, r, m, p); }
        @Override public List<Map<String, Object>> list(String t, String s, int l) { return real.list(t, s, l); }
        @Override public Map<String, Long> counts(String t) { return real.counts(t); }
        @Override public boolean retry(String t, long id) { return real.retry(t, id); }
        @Override public Optional<String> secret(String t) { return real.secret(t); }
        @Override public void secret(String t, String s) { real.secret(t, s); }
    }

    LekeBackgroundWorkTest(WebServer server, java.net.URI uri) {
        this.http = new Http(uri);
    }

    private static final LekeWebhookTest.FlakySink SINK = new LekeWebhookTest.FlakySink();

    /** The declared service with its own supervised processor worker, in front of a faulty inbox and a memory sink. */
    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new LekeService(SINK, real -> inbox = new FaultyInbox(real)))
            .withDatabase()
            .config(Map.of("bi.worker.unhealthy.after", "1s", "bi.worker.backoff.min", "10ms", "bi.worker.backoff.max", "100ms",
                    "bi.leke.inbox.lease", "1s", "bi.leke.inbox.poll", "20ms"))
            .withWorkers();

    private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aFaultInOnePassNeverEndsTheLoopAndAPersistentOneMakesReadinessDown() throws Exception {
        String tenant = "t-leke-worker";
        LekeWebhookTest.FlakySink sink = SINK;
        inbox.errorsOnce.set(1);
        for (int i = 0; i < 3; i++) {
            inbox.store(tenant, "evt-w" + i, "order.updated", LekeWebhookTest.event("evt-w" + i, "L-W" + i, "paid", "0",
                    "2024-06-18T10:01:00+08:00"));
        }
        await("the events delivered after the injected Error", () -> inbox.counts(tenant).get("DONE") == 3L);
        assertThat(inbox.errorsOnce.get() < 0, is(true));
        assertThat(sink.received.size(), is(3));
        assertThat(http.get("/observe/health/ready", null).status(), is(200));

        inbox.persistent.set(new IllegalStateException("the inbox cannot be read"));
        await("readiness DOWN", () -> http.get("/observe/health/ready", null).status() == 503);
        Http.Response down = http.get("/observe/health/ready", null);
        assertThat(down.body(), containsString(InboxProcessor.NAME));
        assertThat(down.body(), containsString("the inbox cannot be read"));

        inbox.persistent.set(null);
        await("readiness UP again", () -> http.get("/observe/health/ready", null).status() == 200);
        inbox.store(tenant, "evt-w9", "order.updated", LekeWebhookTest.event("evt-w9", "L-W9", "paid", "0", "2024-06-18T10:01:00+08:00"));
        await("the loop still runs", () -> inbox.counts(tenant).get("DONE") == 4L);
    }
}
