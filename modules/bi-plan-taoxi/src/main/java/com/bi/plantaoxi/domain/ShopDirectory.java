package com.bi.plantaoxi.domain;

import java.util.Optional;

/** bi-basic's shops of the caller's tenant (the tenant comes from the caller's token the call carries). */
public interface ShopDirectory {
    /** The shop, or empty when the tenant has no shop with this id. */
    Optional<ShopRef> find(long shopId);
}
