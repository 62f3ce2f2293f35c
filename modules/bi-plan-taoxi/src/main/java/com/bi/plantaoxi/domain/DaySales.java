package com.bi.plantaoxi.domain;

import java.math.BigDecimal;

/** What a shop sold on one day (bi-analysis: gmv, orders). */
public record DaySales(BigDecimal gmv, long orders) {
    public static final DaySales NONE = new DaySales(BigDecimal.ZERO.setScale(2), 0);
}
