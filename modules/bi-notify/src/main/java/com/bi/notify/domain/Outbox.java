package com.bi.notify.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The durable outbox and delivery log. {@link #accept} writes the message, its attachments and one QUEUED delivery per
 * target in one transaction; {@link #processNext} claims one due delivery with {@code SELECT ... FOR UPDATE SKIP
 * LOCKED} (the delivery and its channel row) and keeps both locked while the handler sends, so two workers — on one
 * replica or several — never send the same delivery, and sends to one channel are serialized (its rate limit holds).
 */
public interface Outbox {
    /** What {@link #accept} did: the message's deliveries, and whether the key had been used before. */
    record Accepted(UUID messageId, List<Delivery> deliveries, boolean duplicate, String requestHash) {
    }

    /** Stores {@code message} unless its key was used before (then answers that message's deliveries, duplicate). */
    Accepted accept(NewMessage message);

    /** A claimed delivery: the row, its channel and message, while their locks are held. */
    record Due(Delivery delivery, Channel channel, OutgoingMessage message) {
    }

    /** What the handler decided about a claimed delivery. */
    sealed interface Outcome {
    }

    /** Delivered. */
    record Sent(Instant at, int posts) implements Outcome {
    }

    /**
     * Not delivered: FAILED with {@code next} as the next attempt, or DEAD when {@code next} is null; {@code postsDone}
     * requests were accepted so far (-1: unchanged).
     */
    record Failed(Instant at, int posts, String error, Instant next, int postsDone) implements Outcome {
    }

    /** Not attempted (a rate limit or a disabled channel): try again at {@code until}; attempts unchanged. */
    record Postponed(Instant until, String reason) implements Outcome {
    }

    /** Not attempted and never will be by itself (the channel was disabled): DEAD with {@code reason}. */
    record Abandoned(Instant at, String reason) implements Outcome {
    }

    /**
     * Claims the due delivery ({@code next_attempt_at <= now}) that waited longest, hands it to {@code handler} with the
     * locks held and stores the outcome in the same transaction. Empty when nothing was due (or all due rows were
     * locked by other workers).
     */
    Optional<Delivery> processNext(Instant now, Function<Due, Outcome> handler);

    /** As {@link #processNext} for one delivery of the tenant, due or not (a channel test). */
    Optional<Delivery> processOne(String tenantId, UUID deliveryId, Function<Due, Outcome> handler);

    /** Requests made to {@code channelId} since {@code since}, per attempt (for the rate limits); in the handler's transaction. */
    List<DeliveryAttempt> attemptsSince(String tenantId, UUID channelId, Instant since);

    /** DEAD or FAILED → QUEUED now with a fresh attempt budget; empty when there is no such delivery of the tenant. */
    Optional<Delivery> requeue(String tenantId, UUID deliveryId, Instant now);

    Optional<Delivery> find(String tenantId, UUID deliveryId);

    List<DeliveryAttempt> attempts(String tenantId, UUID deliveryId);

    /** A page of the tenant's deliveries, newest first, optionally of one status / channel / message. */
    List<Delivery> list(String tenantId, DeliveryStatus status, UUID channelId, UUID messageId, int offset, int limit);

    long count(String tenantId, DeliveryStatus status, UUID channelId, UUID messageId);
}
