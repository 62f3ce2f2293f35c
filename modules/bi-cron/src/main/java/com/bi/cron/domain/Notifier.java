package com.bi.cron.domain;

import java.util.List;

/** bi-notify's Send for one tenant (its SERVICE token): idempotent by the message's key. */
public interface Notifier {
    record Attachment(String name, String contentType, byte[] data) {
    }

    /** One message; empty {@code channelIds} = every enabled channel of the tenant. */
    record Message(String idempotencyKey, List<String> channelIds, String title, String markdown, List<Attachment> images,
                   List<Attachment> files) {
    }

    enum Outcome {
        /** queued for delivery now */
        QUEUED,
        /** the key was sent before, with the same or (numbers moved since) other content: nothing new goes out */
        DUPLICATE,
        /** the tenant has no enabled channel: nothing to send to, not a failure */
        NO_CHANNEL
    }

    Outcome send(String tenant, Message message);
}
