package com.bi.notify.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The tenant's channels; every method is scoped to {@code tenantId}. */
public interface ChannelStore {
    void insert(Channel channel);

    /** Stores {@code channel} when its stored version is {@code expectedVersion}; false when it changed meanwhile or is gone. */
    boolean update(Channel channel, long expectedVersion);

    /** Deletes the channel and ends its pending deliveries (DEAD, "channel deleted"); false when there was none. */
    boolean delete(String tenantId, UUID id, java.time.Instant now);

    Optional<Channel> find(String tenantId, UUID id);

    List<Channel> list(String tenantId);
}
