package com.bi.basic.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.bi.common.crud.Drafts;
import com.bi.common.error.ApiException;

/** What a client sends to create or replace a product (the SKU list is replaced as a whole). */
public record ProductDraft(String code, String name, Long categoryId, Status status, List<Sku> skus) {
    public static final int MAX_SKUS = 200;

    public ProductDraft {
        code = Drafts.code("code", code, 64);
        name = Drafts.text("name", name, 200);
        if (categoryId != null && categoryId <= 0) {
            throw ApiException.badRequest("category_id", "category_id must be a positive id; got " + categoryId);
        }
        status = status == null ? Status.ACTIVE : status;
        skus = skus == null ? List.of() : List.copyOf(skus);
        if (skus.size() > MAX_SKUS) {
            throw ApiException.badRequest("skus", "a product has at most " + MAX_SKUS + " SKUs; got " + skus.size());
        }
        Set<String> codes = new HashSet<>();
        for (Sku sku : skus) {
            if (!codes.add(sku.code())) {
                throw ApiException.badRequest("skus.code", "SKU code '" + sku.code() + "' appears twice");
            }
        }
    }
}
