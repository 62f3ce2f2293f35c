package com.bi.template.domain;

import java.util.List;
import java.util.Map;

/** When bi-cron sends the template and where: bi-notify channel ids, the variables to render with, the attachments. */
public record Schedule(String frequency, List<String> channelIds, Map<String, String> variables, List<String> formats) {
    public static final String DAILY = "DAILY";

    public Schedule {
        channelIds = channelIds == null ? List.of() : List.copyOf(channelIds);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        formats = formats == null ? List.of() : List.copyOf(formats);
    }
}
