-- bi-sys. Versions start at 100 (bi-tenant uses 200+, bi-basic 1+) so that services can share one test JVM whose
-- classpath holds every service's db/migration (the kit scans classpath:db/migration).
CREATE TABLE users (
    id                   BIGSERIAL PRIMARY KEY,
    tenant_id            TEXT        NOT NULL,
    username             TEXT        NOT NULL,
    display_name         TEXT,
    password_hash        TEXT        NOT NULL,
    roles                TEXT        NOT NULL,
    enabled              BOOLEAN     NOT NULL DEFAULT true,
    failed_logins        INT         NOT NULL DEFAULT 0,
    locked_until         TIMESTAMPTZ,
    password_changed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_login_at        TIMESTAMPTZ,
    version              BIGINT      NOT NULL DEFAULT 1,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT users_username_unique UNIQUE (tenant_id, username)
);

-- refresh tokens: only a SHA-256 of each is stored; one family per login (session), rotated on every refresh
CREATE TABLE refresh_tokens (
    id           BIGSERIAL PRIMARY KEY,
    token_hash   TEXT        NOT NULL,
    family_id    TEXT        NOT NULL,
    tenant_id    TEXT        NOT NULL,
    user_id      BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at   TIMESTAMPTZ NOT NULL,
    used_at      TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT refresh_tokens_hash_unique UNIQUE (token_hash)
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

-- API keys: shown once; the prefix finds the row, a SHA-256 of the whole key proves it
CREATE TABLE api_keys (
    id            BIGSERIAL PRIMARY KEY,
    tenant_id     TEXT        NOT NULL,
    name          TEXT        NOT NULL,
    prefix        TEXT        NOT NULL,
    key_hash      TEXT        NOT NULL,
    scopes        TEXT        NOT NULL,
    created_by    TEXT        NOT NULL,
    expires_at    TIMESTAMPTZ,
    last_used_at  TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT api_keys_prefix_unique UNIQUE (prefix)
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, id);

CREATE TABLE audit_events (
    id         BIGSERIAL PRIMARY KEY,
    tenant_id  TEXT        NOT NULL,
    at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    type       TEXT        NOT NULL,
    actor      TEXT,
    subject    TEXT,
    ip         TEXT,
    detail     TEXT
);
CREATE INDEX audit_events_tenant ON audit_events (tenant_id, id DESC);
