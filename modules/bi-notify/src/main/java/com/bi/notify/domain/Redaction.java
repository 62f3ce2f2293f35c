package com.bi.notify.domain;

import java.util.List;

/** Removes secret values from text that leaves the service (a delivery's error, a log line). */
public final class Redaction {
    private Redaction() {
    }

    public static String scrub(String text, List<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            if (secret.length() >= 4) {
                out = out.replace(secret, "***");
            }
        }
        return out.length() > 500 ? out.substring(0, 500) + "…" : out;
    }
}
