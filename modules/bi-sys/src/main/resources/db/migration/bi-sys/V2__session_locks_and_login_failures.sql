-- One row per login session (a refresh-token family). Refresh, logout, reuse detection and "end this user's
-- sessions" all lock this row first, so revoking a session and issuing its next refresh token are one serialized
-- decision: a token can no longer be inserted into a session that a concurrent request has just revoked.
CREATE TABLE refresh_families (
    family_id   TEXT        PRIMARY KEY,
    tenant_id   TEXT        NOT NULL,
    user_id     BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    revoked_at  TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX refresh_families_user ON refresh_families (tenant_id, user_id);

-- existing sessions: revoked when every token of the family was revoked (logout, reuse and revokeUser revoked all)
INSERT INTO refresh_families (family_id, tenant_id, user_id, revoked_at)
SELECT family_id, min(tenant_id), min(user_id), CASE WHEN bool_and(revoked_at IS NOT NULL) THEN now() END
FROM refresh_tokens GROUP BY family_id;

ALTER TABLE refresh_tokens ADD CONSTRAINT refresh_tokens_family_fkey
    FOREIGN KEY (family_id) REFERENCES refresh_families (family_id) ON DELETE CASCADE;

-- Failed logins of names that are not users of the tenant (or of tenants that do not exist), counted and locked
-- exactly like users.failed_logins / users.locked_until, so a lockout never tells which usernames exist.
CREATE TABLE login_failures (
    tenant_id      TEXT        NOT NULL,
    username       TEXT        NOT NULL,
    failed_logins  INT         NOT NULL,
    locked_until   TIMESTAMPTZ,
    updated_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, username)
);
CREATE INDEX login_failures_updated ON login_failures (updated_at);
