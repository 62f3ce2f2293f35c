package com.bi.notify.domain;

/** The SSRF rules for the addresses a tenant gives a channel (implemented in {@code data} over the kit's rules). */
public interface OutboundCheck {
    /** Normalizes and checks a channel's URL for its kind; IllegalArgumentException with a message for the tenant. */
    void checkUrl(ChannelKind kind, String url);

    /** Checks an SMTP host; IllegalArgumentException with a message for the tenant. */
    void checkSmtpHost(String host);

    /** scheme://host[:port] of a checked URL: what may be shown of it. */
    String shownPart(String url);
}
