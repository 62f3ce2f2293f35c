package com.bi.cron.domain;

import java.util.Optional;

/** A lock per job name across every pod: a run holds it until it ends, so runs never overlap. */
public interface JobLock {
    /** The held lock, or empty when another run holds it now (no waiting). */
    Optional<AutoCloseable> tryAcquire(String job);
}
