-- bi-api-jushuitan: queued sync jobs, renewable shop leases, the start_ts cursor for incremental pulls, and the
-- quarantine of orders that failed validation (re-fetched by o_id until they validate).

ALTER TABLE sync_state
    ADD COLUMN ts_cursor   bigint,       -- start_ts of the next incremental pull; NULL while the window backfill runs
    ADD COLUMN max_ts_seen bigint,       -- highest row version (ts) handed over during the backfill
    ADD COLUMN lease_owner text,         -- the worker running this shop's sync, while lease_until is in the future
    ADD COLUMN lease_until timestamptz;

-- the old lease (status RUNNING for 30 minutes) is replaced by lease_owner/lease_until
UPDATE sync_state SET status = 'IDLE' WHERE status = 'RUNNING';

CREATE TABLE sync_quarantine (
    credential_id bigint NOT NULL REFERENCES shop_credential (id) ON DELETE CASCADE,
    tenant_id     text NOT NULL,
    o_id          text NOT NULL,               -- Jushuitan internal order id, re-fetched with o_ids
    reason        text NOT NULL,               -- the field that failed validation (never upstream content)
    attempts      integer NOT NULL DEFAULT 1,
    first_seen    timestamptz NOT NULL DEFAULT now(),
    last_try      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (credential_id, o_id)
);

CREATE TABLE sync_job (
    id            bigserial PRIMARY KEY,
    tenant_id     text NOT NULL,
    credential_id bigint REFERENCES shop_credential (id) ON DELETE CASCADE, -- NULL: every enabled shop of the tenant
    status        text NOT NULL DEFAULT 'QUEUED',                            -- QUEUED, RUNNING, SUCCEEDED, FAILED
    requested_by  text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    started_at    timestamptz,
    finished_at   timestamptz,
    lease_owner   text,
    lease_until   timestamptz,
    attempts      integer NOT NULL DEFAULT 0,
    result        text                                                       -- JSON: one entry per shop
);

-- at most one queued job per scope: repeated triggers (a cron every 10 minutes, an impatient user) share it
CREATE UNIQUE INDEX sync_job_one_queued ON sync_job (tenant_id, coalesce(credential_id, 0)) WHERE status = 'QUEUED';
CREATE INDEX sync_job_open ON sync_job (id) WHERE status IN ('QUEUED', 'RUNNING');
CREATE INDEX sync_job_tenant ON sync_job (tenant_id, id DESC);
