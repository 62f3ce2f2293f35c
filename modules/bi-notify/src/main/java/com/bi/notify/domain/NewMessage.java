package com.bi.notify.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A message ready for the outbox: resolved content, its target channels and what its idempotency key promises. */
public record NewMessage(UUID id, String tenantId, String idempotencyKey, String requestHash, String title,
                         String markdown, List<Attachment> attachments, List<Channel> targets, Instant createdAt) {
}
