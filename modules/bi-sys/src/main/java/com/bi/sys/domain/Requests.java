package com.bi.sys.domain;

import java.util.List;

import com.bi.common.crud.Drafts;
import com.bi.common.error.ApiException;

/** Request bodies of bi-sys (snake_case on the wire); each checks its own shape, the use cases check the rest. */
public final class Requests {
    private Requests() {
    }

    public record Login(String tenant, String username, String password) {
        public Login {
            tenant = required("tenant", tenant, 40);
            username = required("username", username, 64).toLowerCase(java.util.Locale.ROOT);
            if (password == null || password.isEmpty() || password.length() > 128) {
                throw ApiException.badRequest("password", "password is required (at most 128 characters)");
            }
        }
    }

    public record Refresh(String refreshToken) {
        public Refresh {
            if (refreshToken == null || !refreshToken.matches("rt_[A-Za-z0-9_-]{20,100}")) {
                throw ApiException.badRequest("refresh_token", "refresh_token is required: the value login or refresh returned");
            }
        }
    }

    public record NewUser(String username, String password, String displayName, List<String> roles) {
        public NewUser {
            username = required("username", username, 64).toLowerCase(java.util.Locale.ROOT);
            if (!username.matches("[a-z0-9][a-z0-9._@-]{2,63}")) {
                throw ApiException.badRequest("username", "username must be 3 to 64 letters, digits or . _ @ -, starting with a letter or digit");
            }
            if (password == null) {
                throw ApiException.badRequest("password", "password is required");
            }
            displayName = optional("display_name", displayName, 200);
            roles = Requests.roles(roles);
        }
    }

    public record UserChanges(String displayName, List<String> roles, Boolean enabled) {
        public UserChanges {
            displayName = optional("display_name", displayName, 200);
            roles = roles == null ? null : Requests.roles(roles);
        }
    }

    public record PasswordChange(String currentPassword, String newPassword) {
        public PasswordChange {
            if (currentPassword == null || currentPassword.isEmpty()) {
                throw ApiException.badRequest("current_password", "current_password is required");
            }
            if (newPassword == null) {
                throw ApiException.badRequest("new_password", "new_password is required");
            }
        }
    }

    public record PasswordReset(String newPassword) {
        public PasswordReset {
            if (newPassword == null) {
                throw ApiException.badRequest("new_password", "new_password is required");
            }
        }
    }

    public record NewApiKey(String name, List<String> scopes, Integer expiresInDays) {
        public NewApiKey {
            name = required("name", name, 100);
            if (scopes == null || scopes.isEmpty()) {
                throw ApiException.badRequest("scopes", "scopes is required: the roles the key's tokens get (VIEWER, ANALYST, ADMIN)");
            }
            scopes = Requests.roles(scopes);
            if (expiresInDays != null && (expiresInDays < 1 || expiresInDays > 3650)) {
                throw ApiException.badRequest("expires_in_days", "expires_in_days must be between 1 and 3650");
            }
        }
    }

    static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(field, field + " is required");
        }
        if (value.length() > max) {
            throw ApiException.badRequest(field, field + " must be at most " + max + " characters");
        }
        Drafts.checkCharacters(field, value); // NUL would reach PostgreSQL, which refuses it (a 500)
        return value.trim();
    }

    static String optional(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return required(field, value, max);
    }

    static List<String> roles(List<String> roles) {
        if (roles == null || roles.isEmpty()) {
            throw ApiException.badRequest("roles", "roles is required: one or more of ADMIN, ANALYST, VIEWER");
        }
        for (String role : roles) {
            if (!Identity.ALL_ROLES.contains(role)) {
                throw ApiException.badRequest("roles", "unknown role '" + role + "'; allowed: ADMIN, ANALYST, VIEWER"
                        + " (PLATFORM_ADMIN only in the operator tenant)");
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(roles));
    }
}
