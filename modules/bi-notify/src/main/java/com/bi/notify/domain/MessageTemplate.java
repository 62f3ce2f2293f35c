package com.bi.notify.domain;

import java.time.Instant;
import java.util.UUID;

/** A tenant's message template: a title and a markdown body with {@code {{variables}}}, found by its name. */
public record MessageTemplate(UUID id, String tenantId, String name, String title, String markdown, long version,
                              Instant createdAt, Instant updatedAt) {
}
