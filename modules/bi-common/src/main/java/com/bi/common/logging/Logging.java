package com.bi.common.logging;

import java.io.PrintStream;
import java.util.logging.ConsoleHandler;
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

    /** A ConsoleHandler writing to stdout (containers collect stdout) that flushes per record. */
    private static final class StdoutHandler extends ConsoleHandler {
        StdoutHandler() {
            setOutputStream(new PrintStream(System.out, true));
        }
    }
}
