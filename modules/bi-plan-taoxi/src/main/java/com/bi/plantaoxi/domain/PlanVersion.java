package com.bi.plantaoxi.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;

/**
 * One version of a shop's monthly plan: the targets, who made the change, when and what it was ({@code change}:
 * CREATE, UPDATE, DELETE, IMPORT). The shop's name, platform and sales key are bi-basic's at the time of the change.
 * The current plan is the latest version, unless that one is a DELETE.
 */
public record PlanVersion(long shopId, YearMonth month, long version, BigDecimal targetGmv, long targetOrders,
                          boolean deleted, String change, String changedBy, Instant changedAt, String note,
                          String shopName, String platform, String salesKey) {
    public ShopRef shop() {
        return new ShopRef(shopId, shopName, platform, salesKey);
    }
}
