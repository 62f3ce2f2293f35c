package com.bi.launcher;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.bi.common.logging.Logging;

/**
 * {@code java -jar bi-launcher.jar}: the whole platform on this machine. Prints a status table, the console's URL
 * and the demo login when ready; Ctrl-C (or SIGTERM) stops everything in order and exits 0.
 */
public final class Main {
    private static final Logger LOG = Logger.getLogger(Main.class.getName());
    /** Held here: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final Logger POSTGRES_OUTPUT = Logger.getLogger("io.zonky.test.db.postgres.embedded.EmbeddedPostgres");

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        long launched = System.nanoTime() - Launcher.uptimeMillis() * 1_000_000; // from the JVM's start
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(Arrays.asList(args), System.getProperty("user.home"), System.getenv("BI_LOG_FORMAT"));
        } catch (IllegalArgumentException e) {
            System.err.println("bi-launcher: " + e.getMessage());
            System.err.print(LauncherOptions.USAGE);
            System.exit(2);
            return;
        }
        // one logging set-up for the process; the services' platforms leave it alone
        Logging.host("bi-launcher", "dev", Level.INFO, options.logFormat());
        // PostgreSQL's own output (initdb's chatter, checkpoints) is logged at INFO by zonky: warnings are enough here
        POSTGRES_OUTPUT.setLevel(Level.WARNING);
        Launcher launcher = new Launcher(options, ServicePorts.catalog().shifted(options.portOffset()));
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopping.getAndSet(true)) {
                return; // a second Ctrl-C while stopping
            }
            LOG.info("stopping the platform");
            launcher.close();
            LOG.info("stopped");
            flushLogs();
            stopped.countDown();
            System.exit(0);
        };
        // Ctrl-C and SIGTERM stop in order (edge, services, database) and exit 0; the services' own hooks then find
        // them stopped. A handler, not only a hook: a hook cannot choose the exit code, and hooks run in no order.
        for (String signal : new String[] {"INT", "TERM"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> Thread.ofPlatform().name("launcher-stop").start(stop));
        }
        try {
            launcher.start(launched);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "the platform did not start: " + e.getMessage(), e);
            launcher.close();
            flushLogs();
            System.exit(1);
        }
        flushLogs();
        System.out.print(summary(launcher, options));
        System.out.flush();
        stopped.await();
    }

    static String summary(Launcher launcher, LauncherOptions options) {
        long[] memory = launcher.memoryMiB();
        String edge = launcher.edgeUri().toString();
        StringBuilder out = new StringBuilder("\n");
        out.append(StatusTable.render(launcher.platform().services(), ServicePorts.catalog()));
        out.append(String.format("%n  platform ready in %.1f s (%s data in %s)%n", Launcher.uptimeMillis() / 1000.0,
                launcher.reusedData() ? "reused" : "new", options.dataDir()));
        out.append(String.format("  memory: launcher JVM %d MiB resident + PostgreSQL %d MiB (proportional)%n", memory[0], memory[1]));
        out.append("\n  console   ").append(edge).append("/\n");
        out.append("  APIs      ").append(edge).append("/api/<service>/v1/   (e.g. ").append(edge).append("/api/analysis/v1/query)\n");
        if (options.demo()) {
            out.append("  demo      tenant ").append(DemoSeed.TENANT).append(", user ").append(DemoSeed.USER)
                    .append(", password ").append(DemoSeed.PASSWORD).append("   (local demo only)\n");
        }
        out.append("  operator  tenant ").append(DemoSeed.OPERATOR_TENANT).append(", user ").append(DemoSeed.OPERATOR)
                .append(", password in ").append(options.dataDir().resolve(LocalSecrets.FILE)).append('\n');
        out.append("\n  Ctrl-C stops everything.\n\n");
        return out.toString();
    }

    private static void flushLogs() {
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handler.flush();
        }
    }
}
