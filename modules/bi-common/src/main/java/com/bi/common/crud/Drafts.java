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
        checkCharacters(field, trimmed);
        return trimmed;
    }

    /**
     * Refuses control characters (NUL above all: PostgreSQL cannot store it in text, which used to surface as a 500)
     * and unpaired UTF-16 surrogates (they cannot be encoded as UTF-8).
     */
    public static void checkCharacters(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw ApiException.badRequest(field, field + " must not contain control characters; found U+"
                        + String.format("%04X", (int) c) + " at position " + i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ApiException.badRequest(field, field + " holds an unpaired surrogate at position " + i + " (not valid Unicode text)");
            }
        }
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
