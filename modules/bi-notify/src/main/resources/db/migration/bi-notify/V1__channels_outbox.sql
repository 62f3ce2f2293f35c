-- bi-notify: a tenant's channels and message templates, the outbox (messages, their attachments and one delivery per
-- target channel, written in the accepting transaction) and the delivery log (one row per attempt).
-- Every row carries its tenant; every query names it.

CREATE TABLE channel (
    id            uuid PRIMARY KEY,
    tenant_id     text        NOT NULL,
    name          text        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('WEBHOOK', 'DINGTALK', 'WECOM', 'FEISHU', 'EMAIL')),
    enabled       boolean     NOT NULL,
    -- scheme://host[:port] of the sealed URL, shown instead of it (robot URLs carry their token or key)
    url_host      text,
    smtp_host     text,
    smtp_port     integer,
    smtp_security text CHECK (smtp_security IN ('NONE', 'STARTTLS', 'TLS')),
    smtp_username text,
    mail_from     text,
    mail_to       text[],
    -- SecretBox-sealed JSON {url, secret, password}, bound to (tenant, channel id); never returned or logged
    secrets       text        NOT NULL,
    version       bigint      NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    CONSTRAINT channel_name_unique UNIQUE (tenant_id, name)
);

CREATE TABLE message_template (
    id         uuid PRIMARY KEY,
    tenant_id  text        NOT NULL,
    name       text        NOT NULL,
    title      text        NOT NULL,
    markdown   text        NOT NULL,
    version    bigint      NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT message_template_name_unique UNIQUE (tenant_id, name)
);

CREATE TABLE message (
    id              uuid PRIMARY KEY,
    tenant_id       text        NOT NULL,
    idempotency_key text        NOT NULL,
    -- what the key promised: a repeat with other content is refused rather than silently answered with the first
    request_hash    text        NOT NULL,
    title           text        NOT NULL,
    markdown        text        NOT NULL,
    created_at      timestamptz NOT NULL,
    CONSTRAINT message_idempotency_unique UNIQUE (tenant_id, idempotency_key)
);

CREATE TABLE message_attachment (
    message_id   uuid    NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    ordinal      integer NOT NULL,
    role         text    NOT NULL CHECK (role IN ('IMAGE', 'FILE')),
    name         text    NOT NULL,
    content_type text    NOT NULL,
    data         bytea   NOT NULL,
    PRIMARY KEY (message_id, ordinal)
);

CREATE TABLE delivery (
    id              uuid PRIMARY KEY,
    tenant_id       text        NOT NULL,
    message_id      uuid        NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    -- no foreign key: deleting a channel ends its pending deliveries (DEAD) but keeps their history
    channel_id      uuid        NOT NULL,
    channel_kind    text        NOT NULL,
    channel_name    text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('QUEUED', 'SENT', 'FAILED', 'DEAD')),
    attempts        integer     NOT NULL,
    -- requests of a multi-request message (WeCom: markdown, then each image) the channel already accepted: a retry
    -- continues after them instead of repeating them
    posts_done      integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error      text,
    sent_at         timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
-- the worker's claim: due deliveries in order
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status IN ('QUEUED', 'FAILED');
CREATE INDEX delivery_tenant_created ON delivery (tenant_id, created_at DESC);
CREATE INDEX delivery_message ON delivery (message_id);

CREATE TABLE delivery_attempt (
    id           bigserial PRIMARY KEY,
    tenant_id    text        NOT NULL,
    delivery_id  uuid        NOT NULL REFERENCES delivery (id) ON DELETE CASCADE,
    channel_id   uuid        NOT NULL,
    attempted_at timestamptz NOT NULL,
    -- requests this attempt made to the channel (a WeCom message with two charts is three): the rate limits count them
    posts        integer     NOT NULL,
    outcome      text        NOT NULL CHECK (outcome IN ('SENT', 'FAILED')),
    error        text
);
CREATE INDEX delivery_attempt_channel ON delivery_attempt (channel_id, attempted_at);
CREATE INDEX delivery_attempt_delivery ON delivery_attempt (delivery_id, id);
