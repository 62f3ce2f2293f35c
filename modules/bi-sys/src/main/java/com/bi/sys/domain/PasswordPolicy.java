package com.bi.sys.domain;

import java.util.Locale;

import com.bi.common.error.ApiException;

/**
 * What a password must be: at least {@code minLength} characters (at most 128), three of the four character classes
 * (lower, upper, digit, other), not containing the username, not one of a few notorious passwords.
 */
public record PasswordPolicy(int minLength) {
    private static final java.util.Set<String> NOTORIOUS = java.util.Set.of("password", "passw0rd", "123456", "qwerty",
            "letmein", "welcome", "admin", "changeme", "iloveyou", "abc123");

    /** Empty when acceptable, else what is wrong. */
    public java.util.Optional<String> problem(String password, String username) {
        if (password == null || password.length() < minLength) {
            return java.util.Optional.of("the password must have at least " + minLength + " characters");
        }
        if (password.length() > 128) {
            return java.util.Optional.of("the password must have at most 128 characters");
        }
        int classes = 0;
        classes += password.chars().anyMatch(Character::isLowerCase) ? 1 : 0;
        classes += password.chars().anyMatch(Character::isUpperCase) ? 1 : 0;
        classes += password.chars().anyMatch(Character::isDigit) ? 1 : 0;
        classes += password.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0;
        if (classes < 3) {
            return java.util.Optional.of("the password is too weak: use at least three of lower-case letters, "
                    + "upper-case letters, digits and other characters");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (username != null && username.length() >= 3 && lower.contains(username.toLowerCase(Locale.ROOT))) {
            return java.util.Optional.of("the password must not contain the username");
        }
        for (String bad : NOTORIOUS) {
            if (lower.replaceAll("[^a-z0-9]", "").startsWith(bad) && lower.length() - bad.length() < 6) {
                return java.util.Optional.of("the password is too common");
            }
        }
        return java.util.Optional.empty();
    }

    public void check(String field, String password, String username) {
        problem(password, username).ifPresent(p -> {
            throw ApiException.badRequest(field, p);
        });
    }
}
