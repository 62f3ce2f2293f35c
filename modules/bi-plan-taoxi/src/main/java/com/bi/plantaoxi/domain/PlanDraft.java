package com.bi.plantaoxi.domain;

import java.math.BigDecimal;
import java.time.YearMonth;

/** A shop's targets for a month as a caller states them, validated (see {@link PlanInput}). */
public record PlanDraft(long shopId, YearMonth month, BigDecimal targetGmv, long targetOrders, String note) {
}
