-- bi-basic master data. Every table carries tenant_id and every query filters on it.
CREATE TABLE categories (
    id          BIGSERIAL PRIMARY KEY,
    tenant_id   TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    parent_id   BIGINT      REFERENCES categories (id),
    version     BIGINT      NOT NULL DEFAULT 1,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT categories_name_unique UNIQUE NULLS NOT DISTINCT (tenant_id, parent_id, name)
);
CREATE INDEX categories_tenant ON categories (tenant_id, id);

CREATE TABLE shops (
    id          BIGSERIAL PRIMARY KEY,
    tenant_id   TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    platform    TEXT        NOT NULL,
    source      TEXT        NOT NULL,
    external_id TEXT        NOT NULL,
    status      TEXT        NOT NULL,
    version     BIGINT      NOT NULL DEFAULT 1,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT shops_external_unique UNIQUE (tenant_id, source, external_id)
);
CREATE INDEX shops_tenant ON shops (tenant_id, id);

CREATE TABLE products (
    id          BIGSERIAL PRIMARY KEY,
    tenant_id   TEXT        NOT NULL,
    code        TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    category_id BIGINT      REFERENCES categories (id),
    status      TEXT        NOT NULL,
    version     BIGINT      NOT NULL DEFAULT 1,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT products_code_unique UNIQUE (tenant_id, code)
);
CREATE INDEX products_tenant ON products (tenant_id, id);

CREATE TABLE product_skus (
    product_id  BIGINT        NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    tenant_id   TEXT          NOT NULL,
    position    INT           NOT NULL,
    code        TEXT          NOT NULL,
    name        TEXT          NOT NULL,
    price       NUMERIC(14,2) NOT NULL,
    PRIMARY KEY (product_id, position),
    CONSTRAINT product_skus_code_unique UNIQUE (tenant_id, code)
);

CREATE TABLE dictionaries (
    id          BIGSERIAL PRIMARY KEY,
    tenant_id   TEXT        NOT NULL,
    type        TEXT        NOT NULL,
    code        TEXT        NOT NULL,
    label       TEXT        NOT NULL,
    sort_order  INT         NOT NULL DEFAULT 0,
    version     BIGINT      NOT NULL DEFAULT 1,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT dictionaries_code_unique UNIQUE (tenant_id, type, code)
);
CREATE INDEX dictionaries_tenant ON dictionaries (tenant_id, type, sort_order);
