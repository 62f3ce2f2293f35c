package com.bi.notify.domain;

import java.util.List;
import java.util.UUID;

/**
 * One message as a channel sends it: its ids (for receivers that dedupe), title, markdown body and attachments, and
 * how many of its requests an earlier attempt already got accepted ({@code postsDone}: a retry skips those).
 */
public record OutgoingMessage(UUID messageId, UUID deliveryId, String tenantId, String title, String markdown,
                              List<Attachment> attachments, int postsDone) {
    public OutgoingMessage {
        attachments = List.copyOf(attachments);
    }

    public List<Attachment> images() {
        return attachments.stream().filter(a -> a.role() == Attachment.Role.IMAGE).toList();
    }

    public List<Attachment> files() {
        return attachments.stream().filter(a -> a.role() == Attachment.Role.FILE).toList();
    }
}
