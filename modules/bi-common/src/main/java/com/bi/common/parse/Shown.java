package com.bi.common.parse;

/** What a caller sent, as an error message may show it: at most 40 characters, control characters as '?'. */
public final class Shown {
    private static final int MAX = 40;

    private Shown() {
    }

    public static String quote(String value) {
        if (value == null) {
            return "nothing";
        }
        String shown = value.length() > MAX ? value.substring(0, MAX) + "…" : value;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
