package com.bi.common.logging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/** The batched stdout handler: nothing lost, nothing torn, order kept per thread, flush and close wait for the queue. */
class LineWriterTest {
    /** A stream that counts its writes (each batch is one write). */
    private static final class CountingStream extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final AtomicInteger writes = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            writes.incrementAndGet();
            bytes.write(b, off, len);
        }

        synchronized List<String> lines() {
            return bytes.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static Logging.LineWriter writer(CountingStream out, int capacity) {
        Logging.LineWriter writer = new Logging.LineWriter(out, capacity);
        writer.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                return record.getMessage() + "\n";
            }
        });
        return writer;
    }

    @Test
    void linesFromManyThreadsAreAllWrittenWholeAndInEachThreadsOrder() throws Exception {
        CountingStream out = new CountingStream();
        Logging.LineWriter writer = writer(out, Logging.LineWriter.CAPACITY);
        int threads = 16;
        int perThread = 2_000;
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            started.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    writer.publish(new LogRecord(Level.INFO, "t" + thread + " n" + i + " " + "x".repeat(100)));
                }
            }));
        }
        for (Thread thread : started) {
            thread.join();
        }
        writer.flush();
        List<String> lines = out.lines();
        assertThat(lines.size(), is(threads * perThread));
        int[] next = new int[threads];
        for (String line : lines) {
            String[] parts = line.split(" ");
            assertThat(line, parts.length == 3 && parts[2].length() == 100, is(true));
            int thread = Integer.parseInt(parts[0].substring(1));
            assertThat(line, Integer.parseInt(parts[1].substring(1)), is(next[thread]++));
        }
        // batched: far fewer writes than lines
        assertThat(out.writes.get(), lessThan(lines.size() / 4));
        writer.close();
    }

    @Test
    void aFullQueueMakesLoggersWaitInsteadOfDroppingLines() throws Exception {
        CountingStream out = new CountingStream();
        out.gate = new CountDownLatch(1); // the stream is stuck until the gate opens
        Logging.LineWriter writer = writer(out, 4);
        Thread logger = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 50; i++) {
                writer.publish(new LogRecord(Level.INFO, "line " + i));
            }
        });
        assertThat(logger.join(java.time.Duration.ofMillis(300)), is(false)); // blocked on the full queue
        out.gate.countDown();
        assertThat(logger.join(java.time.Duration.ofSeconds(10)), is(true));
        writer.close();
        List<String> lines = out.lines();
        assertThat(lines.size(), is(50));
        for (int i = 0; i < 50; i++) {
            assertThat(lines.get(i), is("line " + i));
        }
    }

    @Test
    void closeWritesWhatIsQueuedAndLaterLinesGoStraightToTheStream() {
        CountingStream out = new CountingStream();
        Logging.LineWriter writer = writer(out, 1_000);
        for (int i = 0; i < 500; i++) {
            writer.publish(new LogRecord(Level.INFO, "before " + i));
        }
        writer.close();
        assertThat(out.lines().size(), is(500));
        writer.publish(new LogRecord(Level.INFO, "after close"));
        assertThat(out.lines().getLast(), is("after close"));
    }

    @Test
    void recordsBelowTheHandlersLevelAreNotWritten() {
        CountingStream out = new CountingStream();
        Logging.LineWriter writer = writer(out, 100);
        writer.setLevel(Level.WARNING);
        writer.publish(new LogRecord(Level.INFO, "quiet"));
        writer.publish(new LogRecord(Level.SEVERE, "loud"));
        writer.close();
        assertThat(out.lines(), is(List.of("loud")));
    }

    @Test
    void timestampsAreIsoUtcWithMilliseconds() {
        Set<String> seen = new HashSet<>();
        for (long millis : new long[] {0L, 1_764_649_838_000L, 1_764_649_838_007L, 1_764_649_838_123L, 1_764_649_839_999L,
                System.currentTimeMillis()}) {
            StringBuilder json = new StringBuilder();
            JsonLogFormatter.timestamp(json, millis);
            String text = json.toString();
            assertThat(text, text.startsWith("\"ts\":\"") && text.endsWith("Z\","), is(true));
            String iso = text.substring(6, text.length() - 2);
            assertThat(iso, Instant.parse(iso), is(Instant.ofEpochMilli(millis)));
            assertThat(iso, iso.length(), is(24)); // yyyy-MM-ddTHH:mm:ss.SSSZ, always three digits
            seen.add(iso);
        }
        assertThat(seen.size(), greaterThan(5));
    }
}
