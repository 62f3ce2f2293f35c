-- bi-cron: one row per run (the history next to the pushed metric and the log line). Jobs lock with advisory
-- locks (no table); this table only records what ran.
CREATE TABLE cron_run (
    id          bigserial PRIMARY KEY,
    job         text        NOT NULL,
    outcome     text        NOT NULL,           -- success, failed, skipped
    dry_run     boolean     NOT NULL,
    tenants     integer     NOT NULL,
    items       bigint      NOT NULL,
    failures    integer     NOT NULL,
    duration_ms bigint      NOT NULL,
    reason      text,
    ended_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cron_run_job ON cron_run (job, id DESC);
