package com.bi.notify.domain;

import java.time.Instant;
import java.util.UUID;

/** One message to one channel, as the delivery log shows it. */
public record Delivery(UUID id, String tenantId, UUID messageId, UUID channelId, ChannelKind channelKind,
                       String channelName, DeliveryStatus status, int attempts, Instant nextAttemptAt, String lastError,
                       Instant sentAt, Instant createdAt, Instant updatedAt) {
}
