package com.bi.common.crud;

import com.bi.common.error.ApiException;

/** Which page of a list: {@code page} from 1, {@code size} 1..200. */
public record PageRequest(int page, int size) {
    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;

    public PageRequest {
        if (page < 1) {
            throw ApiException.badRequest("page", "page must be 1 or more; got " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ApiException.badRequest("size", "size must be between 1 and " + MAX_SIZE + "; got " + size);
        }
    }

    public static PageRequest parse(String page, String size) {
        return new PageRequest(parseInt("page", page, 1), parseInt("size", size, DEFAULT_SIZE));
    }

    public int offset() {
        return (page - 1) * size;
    }

    private static int parseInt(String name, String value, int defaultValue) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, name + " must be an integer; got '" + value + "'");
        }
    }
}
