package com.bi.basic.domain;

import java.util.Optional;

import com.bi.common.crud.CrudRepository;

/** Shops in storage. */
public interface ShopRepository extends CrudRepository<Shop, ShopDraft> {
    /**
     * Inserts the shop unless the tenant already has {@code maxShops}; counting and inserting are one decision
     * (concurrent creations of one tenant are serialized), so the quota holds under any concurrency.
     */
    Optional<Shop> insertWithinQuota(String tenantId, ShopDraft draft, int maxShops);
}
