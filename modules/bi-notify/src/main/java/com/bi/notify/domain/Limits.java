package com.bi.notify.domain;

/** Size limits of what a caller may send (bi.notify.max.*). */
public record Limits(int maxImages, int maxFiles, long maxAttachmentBytes, long maxTotalBytes, int maxChannels) {
    public static final int MAX_TITLE = 200;
    public static final int MAX_MARKDOWN = 20_000;
    public static final int MAX_KEY = 200;
}
