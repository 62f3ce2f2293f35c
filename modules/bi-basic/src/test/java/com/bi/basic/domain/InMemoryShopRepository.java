package com.bi.basic.domain;

import java.util.Optional;

/** {@link ShopRepository} in memory: the quota counted and the shop inserted in one synchronized decision. */
public final class InMemoryShopRepository extends InMemoryCrud<Shop, ShopDraft> implements ShopRepository {
    public InMemoryShopRepository() {
        super((id, d, version, at) -> new Shop(id, d.name(), d.platform(), d.source(), d.externalId(), d.status(), version, at, at));
    }

    @Override
    public synchronized Optional<Shop> insertWithinQuota(String tenantId, ShopDraft draft, int maxShops) {
        return count(tenantId) >= maxShops ? Optional.empty() : Optional.of(insert(tenantId, draft));
    }
}
