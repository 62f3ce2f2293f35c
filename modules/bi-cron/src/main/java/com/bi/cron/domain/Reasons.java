package com.bi.cron.domain;

/** One-line reasons for logs and stderr: the exception's class and message, without line breaks, bounded. */
public final class Reasons {
    private static final int MAX = 300;

    private Reasons() {
    }

    public static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        String text = (e.getClass().getSimpleName() + message).replaceAll("\\s+", " ").strip();
        return text.length() > MAX ? text.substring(0, MAX) + "…" : text;
    }
}
