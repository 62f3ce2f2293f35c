package com.bi.common.logging;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Routes every log (JUL, and SLF4J through slf4j-jdk14) to stdout, as JSON lines (containers) or readable text lines
 * ({@code bi.log.format=text}). One process normally runs one service; a process hosting several (the launcher) calls
 * {@link #host} once, and the services' own {@link #configure} calls then leave its set-up alone.
 */
public final class Logging {
    /** Set by {@link #host}: logging belongs to the hosting process, not to any one of the services it runs. */
    private static volatile boolean hosted;

    private Logging() {
    }

    public static void configure(String service, String env, Level level) {
        configure(service, env, level, LoggingOptions.Format.JSON);
    }

    /**
     * Sets up logging for {@code service}. In a process that {@link #host}s several services it only marks the calling
     * thread (the one starting that service) and the threads it starts as {@code service}'s, so their lines name it.
     */
    public static synchronized void configure(String service, String env, Level level, LoggingOptions.Format format) {
        if (hosted) {
            LogContext.serviceOfThisThread(service);
        } else {
            install(service, env, level, format);
        }
    }

    /**
     * Sets up logging for a process that runs several services (the launcher) under its own name: later
     * {@link #configure} calls by the services' platforms are no-ops, so one service's start does not reset the
     * handlers, level or service name of the others.
     */
    public static synchronized void host(String process, String env, Level level, LoggingOptions.Format format) {
        install(process, env, level, format);
        hosted = true;
    }

    /** Ends {@link #host}ing (tests that host and then need the per-service behaviour back). */
    static synchronized void release() {
        hosted = false;
    }

    private static void install(String service, String env, Level level, LoggingOptions.Format format) {
        LogContext.init(service, env);
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(level);
        Handler handler = new LineWriter(new FileOutputStream(FileDescriptor.out), LineWriter.CAPACITY);
        handler.setFormatter(format == LoggingOptions.Format.TEXT ? new TextLogFormatter() : new JsonLogFormatter());
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        // chatty libraries stay at INFO and above even when the service logs at FINE
        Logger.getLogger("io.netty").setLevel(Level.INFO);
        Logger.getLogger("io.grpc").setLevel(Level.INFO);
        Logger.getLogger("com.zaxxer.hikari").setLevel(Level.INFO);
    }

    public static void level(Level level) {
        Logger.getLogger("").setLevel(level);
    }

    /**
     * Writes formatted lines to a stream (stdout: containers collect stdout) in batches. The line is formatted on the
     * logging thread (it reads that thread's {@link LogContext}) and queued; one writer thread writes whatever has
     * queued up with one {@code write} call, then pauses a millisecond so that, under load, a write carries many
     * lines instead of one system call and one lock hand-over per request. A full queue makes loggers wait (lines
     * are never dropped); {@link #flush()} and {@link #close()} return once everything queued before them is written.
     * Not a ConsoleHandler: re-pointing one closes the stream it had, which is System.err.
     */
    static final class LineWriter extends Handler {
        static final int CAPACITY = 16_384;
        private static final int MAX_BATCH = 1_024;
        private static final long FLUSH_WAIT_MILLIS = 5_000;

        private final OutputStream out;
        private final BlockingQueue<String> queue;
        private final Thread writer;
        /** Flushers wait on it; the writer notifies it after each batch. */
        private final Object progress = new Object();
        /** Held while writing to the stream (by the writer thread, and by loggers only after close or an interrupt). */
        private final Object streamLock = new Object();
        private final AtomicLong queued = new AtomicLong();
        private final AtomicLong written = new AtomicLong();
        private volatile boolean closed;

        LineWriter(OutputStream out, int capacity) {
            this.out = out;
            this.queue = new LinkedBlockingQueue<>(capacity);
            this.writer = Thread.ofPlatform().daemon().name("log-writer").start(this::writeLoop);
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            String line;
            try {
                line = getFormatter().format(record);
            } catch (RuntimeException e) {
                reportError(null, e, ErrorManager.FORMAT_FAILURE);
                return;
            }
            if (closed) {
                write(List.of(line)); // after close: straight to the stream
                return;
            }
            queued.incrementAndGet();
            try {
                queue.put(line);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                write(List.of(line));
                written.incrementAndGet();
            }
        }

        private void writeLoop() {
            List<String> batch = new ArrayList<>(MAX_BATCH);
            while (!closed || !queue.isEmpty()) {
                try {
                    String first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    write(batch);
                    written.addAndGet(batch.size());
                    synchronized (progress) {
                        progress.notifyAll();
                    }
                    boolean more = batch.size() == MAX_BATCH;
                    batch.clear();
                    if (!more && !closed) {
                        Thread.sleep(1); // let the next lines gather: one write for many
                    }
                } catch (InterruptedException e) {
                    // close() wakes the writer: drain what is left, then stop
                }
            }
        }

        /** One write of the whole batch; a failing stream is reported once per batch, not thrown at the logger. */
        private void write(List<String> lines) {
            StringBuilder text = new StringBuilder(lines.size() * 256);
            for (String line : lines) {
                text.append(line);
            }
            try {
                synchronized (streamLock) {
                    out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException | RuntimeException e) {
                reportError(null, e, ErrorManager.WRITE_FAILURE);
            }
        }

        /** Returns once every line queued before the call is written (or after 5 s, if the stream is stuck). */
        @Override
        public void flush() {
            long deadline = System.currentTimeMillis() + FLUSH_WAIT_MILLIS;
            long target = queued.get();
            synchronized (progress) {
                while (written.get() < target && writer.isAlive()) {
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0) {
                        return;
                    }
                    try {
                        progress.wait(Math.min(left, 50));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        @Override
        public void close() {
            flush();
            closed = true;
            writer.interrupt();
            try {
                writer.join(FLUSH_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
