package com.bi.notify.domain;

/**
 * What a channel keeps sealed: the URL (robot URLs carry their access token or key), the signing secret and the SMTP
 * password. Never returned, never logged: {@link #toString()} shows only which are set.
 */
public record ChannelSecrets(String url, String secret, String password) {
    public static final ChannelSecrets NONE = new ChannelSecrets(null, null, null);

    /** These secrets with every non-null one of {@code changes} replacing its counterpart (write-only updates). */
    public ChannelSecrets with(ChannelSecrets changes) {
        return new ChannelSecrets(changes.url != null ? changes.url : url, changes.secret != null ? changes.secret : secret,
                changes.password != null ? changes.password : password);
    }

    /** The secret values to scrub from any text that leaves the service (errors, logs). */
    public java.util.List<String> values() {
        java.util.List<String> values = new java.util.ArrayList<>(3);
        for (String value : new String[] {url, secret, password}) {
            if (value != null && !value.isEmpty()) {
                values.add(value);
            }
        }
        return values;
    }

    @Override
    public String toString() {
        return "ChannelSecrets[url=" + (url == null ? "unset" : "***") + ", secret=" + (secret == null ? "unset" : "***")
                + ", password=" + (password == null ? "unset" : "***") + "]";
    }
}
