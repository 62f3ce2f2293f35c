-- bi-analysis: order facts (one row per tenant/source/order, lines beside them), daily rollups kept current
-- incrementally by the ingest path, and the per-tenant settings the day boundaries depend on.

CREATE TABLE tenant_setting (
    tenant_id  text PRIMARY KEY,
    time_zone  text NOT NULL DEFAULT 'Asia/Shanghai',
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE order_fact (
    tenant_id         text NOT NULL,
    source            text NOT NULL,
    external_order_id text NOT NULL,
    shop_id           text NOT NULL,
    platform          text NOT NULL,
    order_time        timestamptz NOT NULL,
    pay_time          timestamptz,
    status            text NOT NULL,
    counted           boolean NOT NULL,           -- paid and not cancelled: counts in gmv/orders
    pay_day           date,                       -- pay_time's date in the tenant's time zone (when counted)
    buyer_hash        text NOT NULL,
    pay_amount        numeric(16, 2) NOT NULL,
    freight           numeric(16, 2) NOT NULL,
    discount          numeric(16, 2) NOT NULL,
    refund_amount     numeric(16, 2) NOT NULL,
    units             integer NOT NULL,
    modified_time     timestamptz NOT NULL,
    version           bigint NOT NULL,
    ingested_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT order_fact_pk PRIMARY KEY (tenant_id, source, external_order_id)
);
CREATE INDEX order_fact_tenant_day ON order_fact (tenant_id, pay_day) WHERE counted;

-- order lines, with the order's day/shop/platform/counted copied on so fact-level SKU questions need no join
CREATE TABLE order_item (
    tenant_id         text NOT NULL,
    source            text NOT NULL,
    external_order_id text NOT NULL,
    line_no           integer NOT NULL,
    sku               text NOT NULL,
    category          text NOT NULL,
    quantity          integer NOT NULL,
    amount            numeric(16, 2) NOT NULL,
    refund_amount     numeric(16, 2) NOT NULL,
    shop_id           text NOT NULL,
    platform          text NOT NULL,
    counted           boolean NOT NULL,
    pay_day           date,
    CONSTRAINT order_item_pk PRIMARY KEY (tenant_id, source, external_order_id, line_no)
);
CREATE INDEX order_item_tenant_day ON order_item (tenant_id, pay_day) WHERE counted;

-- tenant × day × shop: gmv (order totals), orders, units, refunds
CREATE TABLE rollup_shop_day (
    tenant_id     text NOT NULL,
    day           date NOT NULL,
    shop_id       text NOT NULL,
    platform      text NOT NULL,
    gmv           numeric(18, 2) NOT NULL,
    orders        bigint NOT NULL,
    units         bigint NOT NULL,
    refund_amount numeric(18, 2) NOT NULL,
    CONSTRAINT rollup_shop_day_pk PRIMARY KEY (tenant_id, day, shop_id)
);

-- tenant × day × shop × SKU: gmv (line amounts), orders containing the SKU, units, refunds
CREATE TABLE rollup_sku_day (
    tenant_id     text NOT NULL,
    day           date NOT NULL,
    shop_id       text NOT NULL,
    sku           text NOT NULL,
    platform      text NOT NULL,
    category      text NOT NULL,
    gmv           numeric(18, 2) NOT NULL,
    orders        bigint NOT NULL,
    units         bigint NOT NULL,
    refund_amount numeric(18, 2) NOT NULL,
    CONSTRAINT rollup_sku_day_pk PRIMARY KEY (tenant_id, day, shop_id, sku)
);

-- events the Kafka consumer could not use (malformed), kept for inspection instead of blocking the partition
CREATE TABLE ingest_reject (
    id          bigserial PRIMARY KEY,
    tenant_id   text,
    origin      text NOT NULL,
    reason      text NOT NULL,
    payload     text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ingest_reject_tenant ON ingest_reject (tenant_id, id);
