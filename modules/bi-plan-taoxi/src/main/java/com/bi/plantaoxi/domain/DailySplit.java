package com.bi.plantaoxi.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A month's target split into daily targets. A day's weight is its weekday factor (the shop's profile) times its
 * promo multiplier ({@link PromoCalendar}), unless a manual override sets the day's weight outright (0 = no sales
 * expected). GMV is split in cents and orders in units with {@link Apportion}: the days add up to the target exactly.
 */
public final class DailySplit {
    private DailySplit() {
    }

    /** The weight of each day of the month, in order, with its basis. */
    public static List<DayTarget> weights(YearMonth month, WeekdayProfile profile, Map<LocalDate, BigDecimal> overrides) {
        List<DayTarget> days = new ArrayList<>(month.lengthOfMonth());
        for (int d = 1; d <= month.lengthOfMonth(); d++) {
            LocalDate day = month.atDay(d);
            BigDecimal override = overrides.get(day);
            if (override != null) {
                days.add(new DayTarget(day, override, "OVERRIDE", null, 0));
                continue;
            }
            Optional<PromoCalendar.Segment> promo = PromoCalendar.segment(day);
            BigDecimal weight = profile.factor(day).multiply(promo.map(PromoCalendar.Segment::multiplier).orElse(BigDecimal.ONE))
                    .setScale(4, RoundingMode.HALF_UP);
            days.add(new DayTarget(day, weight, promo.map(PromoCalendar.Segment::id).orElse("WEEKDAY"), null, 0));
        }
        return days;
    }

    /**
     * The daily targets of {@code targetGmv} (at most 2 decimals) and {@code targetOrders}.
     *
     * @throws IllegalArgumentException when every day weighs 0 but the target is not 0 (overrides zeroed the month)
     */
    public static List<DayTarget> split(YearMonth month, BigDecimal targetGmv, long targetOrders, WeekdayProfile profile,
                                        Map<LocalDate, BigDecimal> overrides) {
        List<DayTarget> days = weights(month, profile, overrides);
        List<BigDecimal> weights = days.stream().map(DayTarget::weight).toList();
        List<BigInteger> cents = Apportion.split(targetGmv.movePointRight(2).setScale(0, RoundingMode.UNNECESSARY)
                .toBigIntegerExact(), weights);
        List<BigInteger> orders = Apportion.split(BigInteger.valueOf(targetOrders), weights);
        List<DayTarget> out = new ArrayList<>(days.size());
        for (int i = 0; i < days.size(); i++) {
            DayTarget d = days.get(i);
            out.add(new DayTarget(d.day(), d.weight(), d.basis(), new BigDecimal(cents.get(i), 2), orders.get(i).longValueExact()));
        }
        return out;
    }
}
