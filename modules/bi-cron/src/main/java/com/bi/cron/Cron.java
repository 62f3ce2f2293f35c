package com.bi.cron;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

import com.bi.common.config.ConfigLoader;
import com.bi.common.server.Platform;
import com.bi.cron.data.JdbcRunLog;
import com.bi.cron.data.PgJobLock;
import com.bi.cron.data.Pushgateway;
import com.bi.cron.domain.Job;
import com.bi.cron.domain.JobLock;
import com.bi.cron.domain.JobNames;
import com.bi.cron.domain.Reasons;
import com.bi.cron.domain.RunSummary;
import com.bi.cron.domain.Tally;

/**
 * {@code java -jar bi-cron.jar <job> [--dry-run]}: one job per invocation, run to completion on the platform the
 * services use (layered config, the kit's peers and service tokens, bi-cron's own database) without an HTTP server.
 * Exit codes: {@value #OK} success (or skipped: the job already runs elsewhere), {@value #FAILED} failed (a one-line
 * reason on stderr), {@value #USAGE} unknown job or bad arguments. Every run ends with one summary line on stdout
 * ({@code {"event":"bi_cron_run",...}}), a row in {@code cron_run}, and — when {@code bi.cron.pushgateway.url} is
 * set — the completion metric on the Pushgateway.
 */
public final class Cron {
    public static final String NAME = "bi-cron";
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    private static final Logger LOG = Logger.getLogger(Cron.class.getName());

    private final Map<String, String> environment;
    private final Map<String, String> overrides;
    private final PrintStream out;
    private final PrintStream err;
    private final CronJobs jobs = new CronJobs();

    /** @param overrides config keys over every layer (tests: peers' addresses, the database) */
    public Cron(Map<String, String> environment, Map<String, String> overrides, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.overrides = overrides;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int code = new Cron(System.getenv(), Map.of(), System.out, System.err).run(args);
        System.exit(code);
    }

    public int run(String... args) {
        List<String> names = JobNames.all();
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(usage(names));
            return OK;
        }
        String job = args.length >= 1 ? args[0] : null;
        boolean dryRun = args.length == 2 && args[1].equals("--dry-run");
        if (job == null || args.length > 2 || args.length == 2 && !dryRun) {
            err.println("bi-cron: bad arguments " + List.of(args) + "\n" + usage(names));
            return USAGE;
        }
        if (!names.contains(job)) {
            err.println("bi-cron: unknown job '" + job + "'\n" + usage(names));
            return USAGE;
        }
        long started = System.nanoTime();
        Platform platform;
        try {
            platform = Platform.create(NAME, ConfigLoader.load(NAME, overrides, environment));
        } catch (RuntimeException e) {
            return fail(job, "configuration: " + Reasons.oneLine(e));
        }
        try (platform) {
            return run(platform, job, dryRun, started);
        }
    }

    private int run(Platform platform, String name, boolean dryRun, long started) {
        Optional<Job> job;
        JdbcRunLog history;
        JobLock lock;
        try {
            job = jobs.build(name, platform);
            if (job.isEmpty()) {
                return fail(name, "not available in this version of bi-cron");
            }
            lock = new PgJobLock(platform.database().dataSource());
            history = new JdbcRunLog(platform.jdbc());
        } catch (RuntimeException e) {
            return fail(name, "start: " + Reasons.oneLine(e));
        }
        Tally tally = new Tally();
        RunSummary summary;
        Optional<AutoCloseable> held;
        try {
            held = lock.tryAcquire(name);
        } catch (RuntimeException e) {
            return fail(name, Reasons.oneLine(e));
        }
        if (held.isEmpty()) {
            out.println("skipped: " + name + " already running");
            summary = new RunSummary(name, RunSummary.Outcome.SKIPPED, dryRun, 0, 0, 0, millisSince(started),
                    platform.clock().millis() / 1000.0, "already running");
        } else {
            String error = null;
            try (AutoCloseable ignored = held.get()) {
                LOG.info(() -> "running " + name + (dryRun ? " (dry run)" : ""));
                job.get().run(dryRun, tally);
            } catch (Exception | LinkageError e) {
                error = Reasons.oneLine(e);
            }
            summary = RunSummary.of(name, dryRun, tally, millisSince(started), platform.clock().millis() / 1000.0);
            if (error != null) {
                summary = new RunSummary(name, RunSummary.Outcome.FAILED, dryRun, summary.tenants(), summary.items(),
                        summary.failures() + 1, summary.durationMillis(), summary.endedEpochSeconds(), error);
            }
        }
        record(platform, history, summary);
        out.println(summary.json());
        if (summary.outcome() == RunSummary.Outcome.FAILED) {
            err.println("bi-cron " + name + ": failed: " + summary.reason());
            return FAILED;
        }
        return OK;
    }

    /** The run's row and metric; neither failing changes the run's exit code (the log line still tells). */
    private void record(Platform platform, JdbcRunLog history, RunSummary summary) {
        try {
            history.record(summary);
        } catch (RuntimeException e) {
            LOG.warning(() -> "could not record the run in cron_run: " + Reasons.oneLine(e));
        }
        Optional<String> gateway = platform.settings().optional(CronOptions.PUSHGATEWAY_URL).filter(u -> !u.isBlank());
        if (gateway.isPresent()) {
            try {
                new Pushgateway(gateway.get(), platform.settings().get(CronOptions.PUSHGATEWAY_TIMEOUT)).push(summary);
            } catch (Exception e) {
                err.println("bi-cron " + summary.job() + ": metric push failed: " + Reasons.oneLine(e));
            }
        }
    }

    /** A run that could not start: still its summary line (no row, no metric: there is no platform to send them). */
    private int fail(String job, String reason) {
        out.println(new RunSummary(job, RunSummary.Outcome.FAILED, false, 0, 0, 1, 0, System.currentTimeMillis() / 1000.0,
                reason).json());
        err.println("bi-cron " + job + ": failed: " + reason);
        return FAILED;
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    static String usage(List<String> names) {
        return "usage: java -jar bi-cron.jar <job> [--dry-run]\n"
                + "jobs: " + String.join(", ", names) + "\n"
                + "exit: 0 success or skipped (already running), 1 failed (reason on stderr), 2 usage";
    }
}
