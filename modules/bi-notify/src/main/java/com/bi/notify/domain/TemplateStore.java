package com.bi.notify.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The tenant's message templates; every method is scoped to {@code tenantId}. */
public interface TemplateStore {
    void insert(MessageTemplate template);

    boolean update(MessageTemplate template, long expectedVersion);

    boolean delete(String tenantId, UUID id);

    Optional<MessageTemplate> find(String tenantId, UUID id);

    Optional<MessageTemplate> findByName(String tenantId, String name);

    List<MessageTemplate> list(String tenantId);
}
