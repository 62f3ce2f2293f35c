package com.bi.notify.domain;

import java.util.List;

/** An EMAIL channel's non-secret settings (the password is sealed with the other secrets). */
public record EmailSettings(String host, int port, Security security, String username, String from, List<String> to) {
    /** NONE: plain SMTP (test servers, a relay inside the cluster); STARTTLS: required upgrade; TLS: implicit (SMTPS). */
    public enum Security {
        NONE, STARTTLS, TLS
    }

    public EmailSettings {
        to = List.copyOf(to);
    }
}
