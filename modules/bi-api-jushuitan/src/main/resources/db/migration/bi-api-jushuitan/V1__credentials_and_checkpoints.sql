-- bi-api-jushuitan: per-shop credentials (secrets AES-GCM sealed), the sync checkpoint per shop, rejected records.

CREATE TABLE shop_credential (
    id           bigserial PRIMARY KEY,
    tenant_id    text NOT NULL,
    shop_id      text NOT NULL,                 -- Jushuitan shop_id
    platform     text NOT NULL,                 -- TMALL, TAOBAO, JD, PDD, DOUYIN, OTHER
    app_key      text NOT NULL,
    app_secret   text NOT NULL,                 -- sealed: v1:<base64>
    access_token text NOT NULL,                 -- sealed
    base_url     text NOT NULL,
    enabled      boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT shop_credential_unique UNIQUE (tenant_id, shop_id)
);

CREATE TABLE sync_state (
    credential_id   bigint PRIMARY KEY REFERENCES shop_credential (id) ON DELETE CASCADE,
    checkpoint      timestamptz NOT NULL,       -- every order modified before it has been handed over
    status          text NOT NULL DEFAULT 'IDLE',
    last_run_at     timestamptz,
    last_success_at timestamptz,
    last_error      text,
    orders_total    bigint NOT NULL DEFAULT 0,
    rejected_total  bigint NOT NULL DEFAULT 0
);

CREATE TABLE sync_reject (
    id            bigserial PRIMARY KEY,
    credential_id bigint NOT NULL REFERENCES shop_credential (id) ON DELETE CASCADE,
    tenant_id     text NOT NULL,
    reason        text NOT NULL,
    payload       text NOT NULL,
    rejected_at   timestamptz NOT NULL DEFAULT now()
);
