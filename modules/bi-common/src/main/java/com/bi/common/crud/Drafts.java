package com.bi.common.crud;

import com.bi.common.error.ApiException;

/** Field checks for drafts (request bodies), each failing with a 400 that names the field. */
public final class Drafts {
    private Drafts() {
    }

    public static String text(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field, field + " is required");
        }
        String trimmed = value.strip();
        if (trimmed.length() > maxLength) {
            throw ApiException.badRequest(field, field + " must be at most " + maxLength + " characters; got " + trimmed.length());
        }
        return trimmed;
    }

    public static String optionalText(String field, String value, int maxLength) {
        return value == null || value.isBlank() ? null : text(field, value, maxLength);
    }

    public static String code(String field, String value, int maxLength) {
        String code = text(field, value, maxLength);
        if (!code.matches("[A-Za-z0-9][A-Za-z0-9._:/-]*")) {
            throw ApiException.badRequest(field, field + " may hold only letters, digits and . _ : / -; got '" + code + "'");
        }
        return code;
    }

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw ApiException.badRequest(field, field + " is required");
        }
        return value;
    }
}
