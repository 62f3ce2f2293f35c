package com.bi.sys.domain;

import java.time.Instant;

/** A security event of a tenant: who did what to whom, from where. */
public record AuditEvent(long id, String tenantId, Instant at, String type, String actor, String subject, String ip,
                         String detail) {
    /** The kinds of events recorded. */
    public enum Type {
        LOGIN_SUCCEEDED, LOGIN_FAILED, LOGIN_REFUSED, ACCOUNT_LOCKED, ACCOUNT_UNLOCKED, REFRESH_TOKEN_REUSED, LOGOUT,
        USER_CREATED, USER_UPDATED, ROLES_CHANGED, USER_DELETED, PASSWORD_CHANGED, PASSWORD_RESET,
        API_KEY_CREATED, API_KEY_REVOKED, BOOTSTRAP_ADMIN_CREATED
    }
}
