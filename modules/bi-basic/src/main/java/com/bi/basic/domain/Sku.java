package com.bi.basic.domain;

import java.math.BigDecimal;

import com.bi.common.crud.Drafts;
import com.bi.common.error.ApiException;

/** A sellable variant of a product; its code is unique within the tenant. */
public record Sku(String code, String name, BigDecimal price) {
    public Sku {
        code = Drafts.code("skus.code", code, 64);
        name = Drafts.text("skus.name", name, 120);
        Drafts.required("skus.price", price);
        if (price.signum() < 0 || price.scale() > 2 || price.precision() - price.scale() > 12) {
            throw ApiException.badRequest("skus.price", "price must be between 0 and 999999999999.99 with at most two decimals; got " + price);
        }
    }
}
