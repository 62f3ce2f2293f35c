-- bi-plan-taoxi: monthly plans of Taoxi shops, every change a version row (who, when, what); the current plan of a
-- shop and month is its latest version unless that one is a DELETE.
CREATE TABLE plan_versions (
    tenant_id      text          NOT NULL,
    shop_id        bigint        NOT NULL,                 -- bi-basic's shop id
    month          date          NOT NULL,                 -- the month's first day
    version        bigint        NOT NULL,                 -- 1, 2, … per tenant, shop and month
    target_gmv     numeric(15,2) NOT NULL CHECK (target_gmv >= 0),
    target_orders  bigint        NOT NULL CHECK (target_orders >= 0),
    deleted        boolean       NOT NULL DEFAULT false,
    change         text          NOT NULL CHECK (change IN ('CREATE', 'UPDATE', 'DELETE', 'IMPORT')),
    changed_by     text          NOT NULL,                 -- the token's subject
    changed_at     timestamptz   NOT NULL,
    note           text,
    shop_name      text          NOT NULL,                 -- bi-basic's shop at the time of the change
    platform       text          NOT NULL,
    sales_key      text          NOT NULL,                 -- the shop's external id: bi-analysis counts its orders under it
    CONSTRAINT plan_versions_pk PRIMARY KEY (tenant_id, shop_id, month, version),
    CONSTRAINT plan_versions_month_first CHECK (extract(day FROM month) = 1)
);
CREATE INDEX plan_versions_month ON plan_versions (tenant_id, month, shop_id, version DESC);

-- manual weights of single days of a shop's month (0 = no sales expected that day)
CREATE TABLE plan_day_overrides (
    tenant_id   text         NOT NULL,
    shop_id     bigint       NOT NULL,
    month       date         NOT NULL,
    day         date         NOT NULL,
    weight      numeric(8,4) NOT NULL CHECK (weight >= 0),
    changed_by  text         NOT NULL,
    changed_at  timestamptz  NOT NULL,
    CONSTRAINT plan_day_overrides_pk PRIMARY KEY (tenant_id, shop_id, day),
    CONSTRAINT plan_day_overrides_in_month CHECK (date_trunc('month', day)::date = month)
);
CREATE INDEX plan_day_overrides_month ON plan_day_overrides (tenant_id, month, shop_id);

-- a tenant's status thresholds (percent of the daily targets to date); without a row the service's defaults apply
CREATE TABLE tenant_thresholds (
    tenant_id         text        PRIMARY KEY,
    on_track_percent  integer     NOT NULL CHECK (on_track_percent BETWEEN 1 AND 1000),
    at_risk_percent   integer     NOT NULL CHECK (at_risk_percent BETWEEN 1 AND 1000 AND at_risk_percent <= on_track_percent),
    changed_by        text        NOT NULL,
    changed_at        timestamptz NOT NULL
);
