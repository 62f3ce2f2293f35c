package com.bi.plantaoxi.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How a shop's sales spread over the week: a factor per weekday (1 = an average day), learned from the shop's own
 * daily GMV, or flat (all 1) when there is not enough of it. Promo days are left out of the learning: they would
 * make the weekday they fell on look strong.
 */
public record WeekdayProfile(List<BigDecimal> factors, boolean learned, int daysUsed) {
    public WeekdayProfile {
        factors = List.copyOf(factors);
        if (factors.size() != 7) {
            throw new IllegalArgumentException("a weekday profile has 7 factors");
        }
    }

    private static final BigDecimal ONE = new BigDecimal("1.0000");

    public static WeekdayProfile flat() {
        return new WeekdayProfile(java.util.Collections.nCopies(7, ONE), false, 0);
    }

    /** The factor of {@code day}'s weekday. */
    public BigDecimal factor(LocalDate day) {
        return factors.get(day.getDayOfWeek().getValue() - 1);
    }

    public BigDecimal factor(DayOfWeek weekday) {
        return factors.get(weekday.getValue() - 1);
    }

    /**
     * Learns from the daily GMV in {@code [from, to]}. A day without a row counts as 0 once the shop has sold (days
     * before its first sale in the window are not history); promo days are skipped. With fewer than {@code minDays}
     * such days, or nothing sold, the profile is flat.
     */
    public static WeekdayProfile learn(Map<LocalDate, DaySales> daily, LocalDate from, LocalDate to, int minDays) {
        LocalDate first = null;
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            DaySales s = daily.get(d);
            if (s != null && s.gmv().signum() > 0) {
                first = d;
                break;
            }
        }
        if (first == null) {
            return flat();
        }
        BigDecimal[] sums = new BigDecimal[7];
        int[] counts = new int[7];
        Arrays.fill(sums, BigDecimal.ZERO);
        int used = 0;
        for (LocalDate d = first; !d.isAfter(to); d = d.plusDays(1)) {
            if (PromoCalendar.isPromo(d)) {
                continue;
            }
            int i = d.getDayOfWeek().getValue() - 1;
            sums[i] = sums[i].add(daily.getOrDefault(d, DaySales.NONE).gmv());
            counts[i]++;
            used++;
        }
        if (used < minDays || Arrays.stream(counts).anyMatch(c -> c == 0)) {
            return flat();
        }
        BigDecimal[] means = new BigDecimal[7];
        BigDecimal meanOfMeans = BigDecimal.ZERO;
        for (int i = 0; i < 7; i++) {
            means[i] = sums[i].divide(BigDecimal.valueOf(counts[i]), MathContext.DECIMAL64);
            meanOfMeans = meanOfMeans.add(means[i]);
        }
        meanOfMeans = meanOfMeans.divide(BigDecimal.valueOf(7), MathContext.DECIMAL64);
        if (meanOfMeans.signum() == 0) {
            return flat();
        }
        BigDecimal[] factors = new BigDecimal[7];
        for (int i = 0; i < 7; i++) {
            factors[i] = means[i].divide(meanOfMeans, 4, RoundingMode.HALF_UP);
        }
        return new WeekdayProfile(Arrays.asList(factors), true, used);
    }
}
