package com.bi.leke.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link Inbox} in memory with the JDBC one's lease rules (a leased event is not due until its lease ends; done and
 * failed only count while the caller still owns the lease), on a time the test moves.
 */
public final class InMemoryInbox implements Inbox {
    /** One stored event and its processing state. */
    public static final class Row {
        final long id;
        final String tenant;
        final String eventId;
        final String payload;
        String status = "PENDING";
        int attempts;
        String lastError;
        Instant nextAttemptAt;
        String leaseOwner;

        Row(long id, String tenant, String eventId, String payload, Instant now) {
            this.id = id;
            this.tenant = tenant;
            this.eventId = eventId;
            this.payload = payload;
            this.nextAttemptAt = now;
        }

        public String status() {
            return status;
        }

        public int attempts() {
            return attempts;
        }

        public String lastError() {
            return lastError;
        }
    }

    private final Map<Long, Row> rows = new LinkedHashMap<>();
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Supplier<Instant> now;

    public InMemoryInbox(Supplier<Instant> now) {
        this.now = now;
    }

    @Override
    public synchronized boolean store(String tenant, String eventId, String eventType, String payload) {
        if (rows.values().stream().anyMatch(r -> r.tenant.equals(tenant) && r.eventId.equals(eventId))) {
            return false;
        }
        long id = rows.size() + 1;
        rows.put(id, new Row(id, tenant, eventId, payload, now.get()));
        return true;
    }

    @Override
    public synchronized List<Entry> claim(String owner, int limit, Duration lease) {
        List<Entry> out = new ArrayList<>();
        for (Row r : rows.values()) {
            if (out.size() < limit && r.status.equals("PENDING") && !r.nextAttemptAt.isAfter(now.get())) {
                r.leaseOwner = owner;
                r.nextAttemptAt = now.get().plus(lease);
                out.add(new Entry(r.id, r.tenant, r.eventId, r.payload, r.attempts));
            }
        }
        return out;
    }

    @Override
    public synchronized List<Long> renew(String owner, List<Long> ids, Duration lease) {
        List<Long> renewed = new ArrayList<>();
        for (long id : ids) {
            Row r = rows.get(id);
            if (r != null && r.status.equals("PENDING") && owner.equals(r.leaseOwner)) {
                r.nextAttemptAt = now.get().plus(lease);
                renewed.add(id);
            }
        }
        return renewed;
    }

    @Override
    public synchronized int done(String owner, List<Long> ids) {
        int done = 0;
        for (long id : ids) {
            Row r = rows.get(id);
            if (r != null && r.status.equals("PENDING") && owner.equals(r.leaseOwner)) {
                r.status = "DONE";
                r.lastError = null;
                r.leaseOwner = null;
                done++;
            }
        }
        return done;
    }

    @Override
    public synchronized boolean failed(String owner, long id, String error, Duration retryAfter, int maxAttempts, boolean permanent) {
        Row r = rows.get(id);
        if (r == null || !r.status.equals("PENDING") || !owner.equals(r.leaseOwner)) {
            return false;
        }
        r.attempts++;
        r.lastError = error;
        r.status = permanent || r.attempts >= maxAttempts ? "DEAD" : "PENDING";
        r.nextAttemptAt = now.get().plus(retryAfter);
        r.leaseOwner = null;
        return true;
    }

    /** Another processor takes the lease over (as after this one's lease expired). */
    public synchronized void takeOver(String newOwner) {
        rows.values().stream().filter(r -> r.leaseOwner != null).forEach(r -> r.leaseOwner = newOwner);
    }

    public synchronized Row row(String eventId) {
        return rows.values().stream().filter(r -> r.eventId.equals(eventId)).findFirst().orElseThrow();
    }

    public synchronized Instant nextAttemptAt(String eventId) {
        return row(eventId).nextAttemptAt;
    }

    @Override
    public synchronized List<Map<String, Object>> list(String tenant, String status, int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        rows.values().stream().filter(r -> r.tenant.equals(tenant) && (status == null || r.status.equals(status))).limit(limit)
                .forEach(r -> out.add(Map.of("id", r.id, "event_id", r.eventId, "status", r.status, "attempts", r.attempts)));
        return out;
    }

    @Override
    public synchronized Map<String, Long> counts(String tenant) {
        Map<String, Long> counts = new LinkedHashMap<>();
        rows.values().stream().filter(r -> r.tenant.equals(tenant)).forEach(r -> counts.merge(r.status, 1L, Long::sum));
        return counts;
    }

    @Override
    public synchronized boolean retry(String tenant, long id) {
        Row r = rows.get(id);
        if (r == null || !r.tenant.equals(tenant) || !r.status.equals("DEAD")) {
            return false;
        }
        r.status = "PENDING";
        r.attempts = 0;
        r.nextAttemptAt = now.get();
        return true;
    }

    @Override
    public synchronized Optional<String> secret(String tenant) {
        return Optional.ofNullable(secrets.get(tenant));
    }

    @Override
    public synchronized void secret(String tenant, String secret) {
        secrets.put(tenant, secret);
    }
}
