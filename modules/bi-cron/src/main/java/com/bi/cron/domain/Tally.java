package com.bi.cron.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one run did: tenants visited (per-tenant jobs), items handled (jobs queued, rows purged, messages
 * sent) and failures with their one-line reasons. A failure never stops the run; it makes the exit non-zero at the end.
 */
public final class Tally {
    private final AtomicInteger tenants = new AtomicInteger();
    private final AtomicLong items = new AtomicLong();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    public void tenant() {
        tenants.incrementAndGet();
    }

    public void items(long n) {
        items.addAndGet(n);
    }

    /** One unit failed; {@code what} names it (a tenant, a service), never a secret. */
    public void failed(String what, Throwable error) {
        failures.add(what + ": " + Reasons.oneLine(error));
    }

    public void failed(String what, String reason) {
        failures.add(what + ": " + reason);
    }

    public int tenants() {
        return tenants.get();
    }

    public long items() {
        return items.get();
    }

    public List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }
}
