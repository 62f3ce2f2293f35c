-- bi-tenant. Versions start at 200 (bi-sys uses 100+, bi-basic 1+) so that services can share one test JVM whose
-- classpath holds every service's db/migration (the kit scans classpath:db/migration).
CREATE TABLE tenants (
    id                   BIGSERIAL PRIMARY KEY,
    code                 TEXT        NOT NULL,
    name                 TEXT        NOT NULL,
    status               TEXT        NOT NULL DEFAULT 'ACTIVE',
    status_reason        TEXT,
    plan                 TEXT        NOT NULL,
    max_shops            INT         NOT NULL,
    max_users            INT         NOT NULL,
    api_rate_per_minute  INT         NOT NULL,
    time_zone            TEXT        NOT NULL DEFAULT 'Asia/Shanghai',
    version              BIGINT      NOT NULL DEFAULT 1,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT tenants_code_unique UNIQUE (code),
    CONSTRAINT tenants_status_check CHECK (status IN ('ACTIVE', 'SUSPENDED'))
);
