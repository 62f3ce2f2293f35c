package com.bi.notify.domain;

import java.util.List;
import java.util.Map;

/** What a caller asks {@link Notifications#send} for (HTTP and gRPC alike); validated there. */
public record SendCommand(String idempotencyKey, List<String> channelIds, String title, String markdown,
                          List<Attachment> images, List<Attachment> files, String template, Map<String, String> variables) {
    public SendCommand {
        channelIds = channelIds == null ? List.of() : channelIds;
        images = images == null ? List.of() : images;
        files = files == null ? List.of() : files;
        variables = variables == null ? Map.of() : variables;
    }
}
