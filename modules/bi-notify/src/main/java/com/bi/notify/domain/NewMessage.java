package com.bi.notify.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message ready for the outbox: resolved content, its target channels and what its idempotency key promises.
 * {@code held}: its deliveries are not due for the workers (a channel test sends its own at once).
 */
public record NewMessage(UUID id, String tenantId, String idempotencyKey, String requestHash, String title,
                         String markdown, List<Attachment> attachments, List<Channel> targets, Instant createdAt,
                         boolean held) {
}
