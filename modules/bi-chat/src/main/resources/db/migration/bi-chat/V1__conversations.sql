-- bi-chat: conversations per tenant (every statement filters on tenant_id), forgotten after expires_at. last_query
-- is the last query that ran, which a follow-up ("那上个月呢?") starts from.

CREATE TABLE conversation (
    tenant_id  text NOT NULL,
    id         uuid NOT NULL,
    last_query jsonb,
    turns      integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE INDEX conversation_expiry ON conversation (expires_at);

CREATE TABLE conversation_turn (
    tenant_id       text NOT NULL,
    conversation_id uuid NOT NULL,
    seq             integer NOT NULL,
    question        text NOT NULL,
    kind            text NOT NULL,
    sentence        text NOT NULL,
    query           jsonb,
    asked_at        timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, conversation_id, seq),
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversation (tenant_id, id) ON DELETE CASCADE
);
