package com.bi.basic.domain;

import java.time.Instant;
import java.util.List;

import com.bi.common.crud.Versioned;

/** A product with its SKUs. */
public record Product(long id, String code, String name, Long categoryId, Status status, List<Sku> skus,
                      long version, Instant createdAt, Instant updatedAt) implements Versioned {
    public Product {
        skus = List.copyOf(skus);
    }
}
