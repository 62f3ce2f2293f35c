package com.bi.plantaoxi.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A shop's month to date: sold ({@code mtd*}) against the sum of its daily targets to date ({@code expected*}),
 * {@code attainment} = mtdGmv / expectedGmv (0 while nothing is expected yet), the forecast and the status.
 */
public record ShopAttainment(PlanVersion plan, BigDecimal mtdGmv, long mtdOrders, BigDecimal expectedGmv,
                             long expectedOrders, BigDecimal attainment, Forecast.Result forecast, Thresholds.Status status) {
    /** forecast GMV / target GMV (0 for a zero target). */
    public BigDecimal forecastAttainment() {
        return plan.targetGmv().signum() == 0 ? BigDecimal.ZERO
                : forecast.gmv().divide(plan.targetGmv(), 6, RoundingMode.HALF_UP);
    }
}
