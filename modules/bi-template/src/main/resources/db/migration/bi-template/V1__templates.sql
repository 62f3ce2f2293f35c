-- bi-template: report and dashboard templates per tenant. Every query filters on tenant_id.
CREATE TABLE templates (
    tenant_id   TEXT        NOT NULL,
    id          TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    description TEXT,
    kind        TEXT        NOT NULL,
    starter_key TEXT,                   -- the built-in starter it was installed from; NULL for own templates
    owner       TEXT        NOT NULL,   -- user id of the creator ("system" for starters)
    definition  JSONB       NOT NULL,   -- {"variables": [...], "panels": [...]}
    schedule    JSONB,                  -- {"frequency": "DAILY", "channel_ids": [...], "variables": {...}, "formats": [...]}
    sharing     JSONB       NOT NULL,   -- {"view_roles": [...], "edit_roles": [...]}
    version     BIGINT      NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
-- one installed copy of each starter per tenant: InstallStarters is idempotent, also when called concurrently
CREATE UNIQUE INDEX templates_starter ON templates (tenant_id, starter_key) WHERE starter_key IS NOT NULL;
