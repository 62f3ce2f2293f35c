-- Issue 12 #9/#10: rollup rebuilds are durable jobs. A zone change commits its job in the same transaction; a
-- worker runs jobs one at a time per tenant (across replicas: the lease), with retries and a visible status.
CREATE TABLE rollup_job (
    id           bigserial PRIMARY KEY,
    tenant_id    text NOT NULL,
    reason       text NOT NULL,                       -- zone-change, manual, cron …
    status       text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'RUNNING', 'DONE', 'FAILED')),
    attempts     integer NOT NULL DEFAULT 0,
    last_error   text,
    zone         text,                                -- the zone the rebuild used (set when DONE)
    run_after    timestamptz NOT NULL DEFAULT now(),
    lease_owner  text,
    lease_until  timestamptz,
    requested_at timestamptz NOT NULL DEFAULT now(),
    started_at   timestamptz,
    finished_at  timestamptz
);
-- at most one waiting job per tenant: further requests join it
CREATE UNIQUE INDEX rollup_job_one_pending ON rollup_job (tenant_id) WHERE status = 'PENDING';
CREATE INDEX rollup_job_due ON rollup_job (run_after, id) WHERE status IN ('PENDING', 'RUNNING');
CREATE INDEX rollup_job_tenant ON rollup_job (tenant_id, id);

-- Issue 12 #2: a record re-delivered after a crash (database committed, offsets not) is rejected once
DELETE FROM ingest_reject a USING ingest_reject b WHERE a.origin = b.origin AND a.id > b.id;
CREATE UNIQUE INDEX ingest_reject_origin ON ingest_reject (origin);
