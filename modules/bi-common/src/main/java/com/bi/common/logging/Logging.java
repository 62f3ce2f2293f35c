package com.bi.common.logging;

import java.io.PrintStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.LogRecord;
import java.util.logging.StreamHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/** Routes every log (JUL, and SLF4J through slf4j-jdk14) to stdout as JSON lines. */
public final class Logging {
    private Logging() {
    }

    public static void configure(String service, String env, Level level) {
        LogContext.init(service, env);
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(level);
        Handler handler = new StdoutHandler();
        handler.setFormatter(new JsonLogFormatter());
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
     * Writes to stdout (containers collect stdout) and flushes per record. Not a ConsoleHandler: re-pointing one
     * closes the stream it had, which is System.err.
     */
    private static final class StdoutHandler extends StreamHandler {
        StdoutHandler() {
            super(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8), new JsonLogFormatter());
        }

        @Override
        public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
        }
    }
}
