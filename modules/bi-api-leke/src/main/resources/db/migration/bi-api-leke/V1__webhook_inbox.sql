-- bi-api-leke: per-tenant webhook secrets (AES-GCM sealed) and the durable inbox of received events.

CREATE TABLE webhook_secret (
    tenant_id  text PRIMARY KEY,
    secret     text NOT NULL,           -- v1:<base64(iv || ciphertext+tag)>, see SecretBox
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE inbox (
    id              bigserial PRIMARY KEY,
    tenant_id       text NOT NULL,
    event_id        text NOT NULL,
    event_type      text NOT NULL,
    payload         text NOT NULL,
    status          text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DONE', 'DEAD')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    received_at     timestamptz NOT NULL DEFAULT now(),
    processed_at    timestamptz,
    CONSTRAINT inbox_event_unique UNIQUE (tenant_id, event_id)
);
CREATE INDEX inbox_due ON inbox (next_attempt_at, id) WHERE status = 'PENDING';
CREATE INDEX inbox_tenant_status ON inbox (tenant_id, status, id);
