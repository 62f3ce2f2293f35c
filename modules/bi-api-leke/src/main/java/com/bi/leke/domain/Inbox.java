package com.bi.leke.domain;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The durable inbox: received events, their processing state and the dead letters. */
public interface Inbox {
    /** Stores an event once per (tenant, event id); false when it was already there. Durable on return. */
    boolean store(String tenant, String eventId, String eventType, String payload);

    /**
     * Leases up to {@code limit} due PENDING events to {@code owner} for {@code lease} (a crashed processor's lease
     * expires, then another processor may claim them).
     */
    List<Entry> claim(String owner, int limit, Duration lease);

    /** Extends the lease of those of {@code ids} that {@code owner} still holds; returns them. */
    List<Long> renew(String owner, List<Long> ids, Duration lease);

    /** Marks DONE those of {@code ids} that are still PENDING and leased by {@code owner}; returns how many. */
    int done(String owner, List<Long> ids);

    /**
     * One more failed attempt, only while the event is PENDING and leased by {@code owner}: retried after
     * {@code retryAfter}, or DEAD once {@code maxAttempts} is reached (or now, when {@code permanent}). False when
     * the lease was lost (another processor decides now).
     */
    boolean failed(String owner, long id, String error, Duration retryAfter, int maxAttempts, boolean permanent);

    List<Map<String, Object>> list(String tenant, String status, int limit);

    Map<String, Long> counts(String tenant);

    /** DEAD → PENDING with a fresh attempt budget; false when the tenant has no such dead event. */
    boolean retry(String tenant, long id);

    Optional<String> secret(String tenant);

    void secret(String tenant, String secret);

    record Entry(long id, String tenantId, String eventId, String payload, int attempts) {
    }
}
