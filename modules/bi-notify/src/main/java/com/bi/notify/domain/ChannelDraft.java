package com.bi.notify.domain;

import java.util.List;

/**
 * A channel as an admin writes it. Secrets ({@code url}, {@code secret}, {@code password}) are write-only: on an
 * update, null keeps the stored value. Validated by {@link Channels}.
 */
public record ChannelDraft(String name, ChannelKind kind, Boolean enabled, String url, String secret, String smtpHost,
                           Integer smtpPort, EmailSettings.Security smtpSecurity, String username, String password,
                           String from, List<String> to) {
    @Override
    public String toString() {
        return "ChannelDraft[" + kind + " '" + name + "']";
    }
}
