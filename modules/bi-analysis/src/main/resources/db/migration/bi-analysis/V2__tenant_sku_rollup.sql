-- tenant × day × SKU: the day × shop × SKU rollup summed over shops. An order belongs to one shop, so orders
-- containing the SKU add up across shops exactly. Top-SKU and category questions without a shop or platform
-- read this table, one row per SKU and day instead of one per shop too.
CREATE TABLE rollup_tenant_sku_day (
    tenant_id     text NOT NULL,
    day           date NOT NULL,
    sku           text NOT NULL,
    category      text NOT NULL,
    gmv           numeric(18, 2) NOT NULL,
    orders        bigint NOT NULL,
    units         bigint NOT NULL,
    refund_amount numeric(18, 2) NOT NULL,
    CONSTRAINT rollup_tenant_sku_day_pk PRIMARY KEY (tenant_id, day, sku)
);

INSERT INTO rollup_tenant_sku_day (tenant_id, day, sku, category, gmv, orders, units, refund_amount)
SELECT tenant_id, day, sku, max(category), sum(gmv), sum(orders), sum(units), sum(refund_amount)
FROM rollup_sku_day GROUP BY tenant_id, day, sku;
