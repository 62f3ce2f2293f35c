package com.bi.cron.domain;

/** One of bi-cron's jobs: runs to completion, counting into the tally; a dry run reads but changes nothing. */
public interface Job {
    String name();

    /** Throws only when the job as a whole cannot run (e.g. the tenant list is unreachable); per-unit failures go to the tally. */
    void run(boolean dryRun, Tally tally) throws Exception;
}
