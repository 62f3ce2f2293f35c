package com.bi.common.crud;

import com.bi.common.error.ApiException;

/**
 * Which page of a list: {@code page} from 1, {@code size} 1..200, and at most {@link #MAX_OFFSET} rows skipped —
 * so the offset always fits (a huge page is a 400 naming {@code page}, never an overflowed, negative OFFSET), and no
 * request makes the database walk past a million rows to skip them.
 */
public record PageRequest(int page, int size) {
    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;
    /** The most rows a page may skip; deeper pages need a narrower filter. */
    public static final int MAX_OFFSET = 1_000_000;

    public PageRequest {
        if (size < 1 || size > MAX_SIZE) {
            throw ApiException.badRequest("size", "size must be between 1 and " + MAX_SIZE + "; got " + size);
        }
        if (page < 1 || page > maxPage(size)) {
            throw ApiException.badRequest("page", pageRange(size) + "; got " + page);
        }
    }

    public static PageRequest parse(String page, String size) {
        int parsedSize = parseInt("size", size, DEFAULT_SIZE, "size must be an integer between 1 and " + MAX_SIZE);
        if (parsedSize < 1 || parsedSize > MAX_SIZE) {
            throw ApiException.badRequest("size", "size must be between 1 and " + MAX_SIZE + "; got " + parsedSize);
        }
        int parsedPage = parseInt("page", page, 1, pageRange(parsedSize));
        return new PageRequest(parsedPage, parsedSize);
    }

    /** The rows to skip: at most {@link #MAX_OFFSET}. */
    public int offset() {
        return (page - 1) * size;
    }

    /** The last page that skips at most {@link #MAX_OFFSET} rows at this size. */
    public static int maxPage(int size) {
        return MAX_OFFSET / size + 1;
    }

    private static String pageRange(int size) {
        return "page must be an integer between 1 and " + maxPage(size) + " with size " + size
                + " (at most " + MAX_OFFSET + " rows are skipped; narrow the filter to reach further)";
    }

    private static int parseInt(String name, String value, int defaultValue, String rule) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        String trimmed = value.trim();
        try {
            return Integer.parseInt(trimmed);
        } catch (NumberFormatException e) {
            // too many digits for an int, or not a number at all: the same 400 naming the parameter, never echoing
            // more than a short prefix of what was sent
            String shown = trimmed.length() > 40 ? trimmed.substring(0, 40) + "…" : trimmed;
            throw ApiException.badRequest(name, rule + "; got '" + shown + "'");
        }
    }
}
