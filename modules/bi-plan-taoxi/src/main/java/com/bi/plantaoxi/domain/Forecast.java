package com.bi.plantaoxi.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;

/**
 * GMV and orders expected by month end: what was sold so far plus the month-to-date pace applied to the days left,
 * where each day weighs its seasonality — weekday factor × promo factor (the shop's last-year uplift of that promo
 * segment when known, else the promo table's multiplier). Manual overrides are plan intentions, not observations,
 * so the forecast ignores them. The method says which seasonality was available.
 */
public final class Forecast {
    public enum Method {
        /** nothing sold to date is counted yet (the month has not begun): the plan itself */
        PLAN,
        /** the month is over: the actual figures */
        ACTUAL,
        /** no weekday profile (too little history): the average day so far (promo days by the promo table) */
        RUN_RATE,
        /** the shop's weekday profile scales the pace */
        WEEKDAY_PROFILE,
        /** the shop's own last-year uplift of a promo of this month scales its promo days */
        LAST_YEAR_PROMO_UPLIFT
    }

    public record Result(BigDecimal gmv, long orders, Method method) {
    }

    private Forecast() {
    }

    /**
     * @param asOf the last day counted in {@code mtdGmv}/{@code mtdOrders} (before the month's first day: nothing yet)
     */
    public static Result of(YearMonth month, LocalDate asOf, BigDecimal mtdGmv, long mtdOrders, BigDecimal targetGmv,
                            long targetOrders, WeekdayProfile profile, Map<String, BigDecimal> lastYearUplift) {
        LocalDate first = month.atDay(1);
        LocalDate last = month.atEndOfMonth();
        if (asOf.isBefore(first)) {
            return new Result(targetGmv, targetOrders, Method.PLAN);
        }
        if (!asOf.isBefore(last)) {
            return new Result(mtdGmv, mtdOrders, Method.ACTUAL);
        }
        boolean upliftUsed = false;
        BigDecimal elapsed = BigDecimal.ZERO;
        BigDecimal remaining = BigDecimal.ZERO;
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            Optional<PromoCalendar.Segment> promo = PromoCalendar.segment(d);
            BigDecimal promoFactor = BigDecimal.ONE;
            if (promo.isPresent()) {
                BigDecimal uplift = lastYearUplift.get(promo.get().id());
                upliftUsed |= uplift != null;
                promoFactor = uplift != null ? uplift : promo.get().multiplier();
            }
            BigDecimal weight = profile.factor(d).multiply(promoFactor);
            if (d.isAfter(asOf)) {
                remaining = remaining.add(weight);
            } else {
                elapsed = elapsed.add(weight);
            }
        }
        Method method = upliftUsed ? Method.LAST_YEAR_PROMO_UPLIFT : profile.learned() ? Method.WEEKDAY_PROFILE : Method.RUN_RATE;
        if (elapsed.signum() == 0) {
            // the days so far were all expected to sell nothing (weekday factor 0): fall back to the calendar days
            elapsed = BigDecimal.valueOf(first.until(asOf).getDays() + 1L);
            remaining = BigDecimal.valueOf(asOf.until(last).getDays());
            method = Method.RUN_RATE;
        }
        BigDecimal ratio = remaining.divide(elapsed, MathContext.DECIMAL64);
        BigDecimal gmv = mtdGmv.add(mtdGmv.multiply(ratio)).setScale(2, RoundingMode.HALF_UP);
        long orders = mtdOrders + BigDecimal.valueOf(mtdOrders).multiply(ratio).setScale(0, RoundingMode.HALF_UP).longValueExact();
        return new Result(gmv, orders, method);
    }
}
