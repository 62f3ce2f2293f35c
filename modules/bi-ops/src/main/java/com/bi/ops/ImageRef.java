package com.bi.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** A build to deploy: a tag, a digest, or both ({@code tag@sha256:...}). */
public record ImageRef(String tag, String digest) {
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");

    public static ImageRef parse(String text) {
        String tag = null;
        String digest = null;
        int at = text.indexOf('@');
        if (text.startsWith("sha256:")) {
            digest = text;
        } else if (at >= 0) {
            tag = text.substring(0, at);
            digest = text.substring(at + 1);
        } else {
            tag = text;
        }
        if (tag != null && (!TAG.matcher(tag).matches() || tag.equals("latest"))) {
            throw OpsException.usage("'" + tag + "' is not a usable image tag (letters, digits, '_', '.', '-'; never 'latest')");
        }
        if (digest != null && !DIGEST.matcher(digest).matches()) {
            throw OpsException.usage("'" + digest + "' is not an image digest (sha256: and 64 lower-case hex digits)");
        }
        return new ImageRef(tag, digest);
    }

    /** Prod runs only what a digest names: a tag can be moved, a digest cannot. */
    public void requirePinnedFor(OpsContext ctx) {
        if (ctx.prod() && digest == null) {
            throw OpsException.failed("prod deploys only images pinned by digest; got tag '" + tag
                    + "' (resolve it first, e.g. crane digest <registry>/bi/<service>:" + tag + ")");
        }
    }

    /** The chart's image override: tag and/or digest. */
    public Map<String, Object> values() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (tag != null) {
            m.put("tag", tag);
        }
        if (digest != null) {
            m.put("digest", digest);
        }
        return m;
    }

    @Override
    public String toString() {
        return tag == null ? digest : digest == null ? tag : tag + "@" + digest;
    }
}
