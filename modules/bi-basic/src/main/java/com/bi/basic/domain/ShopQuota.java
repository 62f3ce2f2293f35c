package com.bi.basic.domain;

import java.util.OptionalInt;

/** How many shops a tenant may have (its plan's quota, from bi-tenant); empty when no quota is known. */
@FunctionalInterface
public interface ShopQuota {
    ShopQuota UNLIMITED = tenantId -> OptionalInt.empty();

    OptionalInt maxShops(String tenantId);
}
