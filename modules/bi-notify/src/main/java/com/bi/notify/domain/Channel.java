package com.bi.notify.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A tenant's channel as stored: {@code sealedSecrets} is the SecretBox form of {@link ChannelSecrets}, bound to the
 * tenant and the channel id; {@code urlHost} is the part of the URL that may be shown.
 */
public record Channel(UUID id, String tenantId, String name, ChannelKind kind, boolean enabled, String urlHost,
                      EmailSettings email, String sealedSecrets, long version, Instant createdAt, Instant updatedAt) {

    /** The SecretBox associated data of this channel's secrets: a sealed value copied to another row does not open. */
    public static String sealContext(String tenantId, UUID id) {
        return "bi-notify:channel:" + tenantId + ":" + id;
    }

    @Override
    public String toString() {
        return "Channel[" + id + " " + kind + " '" + name + "' of " + tenantId + "]";
    }
}
