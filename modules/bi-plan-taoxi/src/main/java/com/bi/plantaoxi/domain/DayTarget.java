package com.bi.plantaoxi.domain;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One day's share of a monthly plan: its weight and why ({@code basis}: WEEKDAY, a promo segment id such as
 * 1111_PRESALE, or OVERRIDE), and the GMV and orders it is expected to bring.
 */
public record DayTarget(LocalDate day, BigDecimal weight, String basis, BigDecimal gmv, long orders) {
}
