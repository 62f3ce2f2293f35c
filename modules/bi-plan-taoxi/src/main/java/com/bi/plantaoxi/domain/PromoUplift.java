package com.bi.plantaoxi.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A shop's own promo seasonality: how much a promo segment sold last year per day, relative to its baseline — the
 * average non-promo day of the {@value #BASELINE_DAYS} days before that promo's pre-sale started. Known only when the
 * shop sold on at least {@value #MIN_BASELINE_DAYS} of those baseline days and on some day of the segment.
 */
public final class PromoUplift {
    public static final int BASELINE_DAYS = 28;
    public static final int MIN_BASELINE_DAYS = 14;
    /** How far before a plan month's first day, one year back, the history must reach for every promo of the month. */
    public static final int LOOKBACK_DAYS = 60;

    private PromoUplift() {
    }

    /** The days of last year to read for {@code month}'s uplifts: [first, last]. */
    public static LocalDate[] historyRange(YearMonth month) {
        YearMonth lastYear = month.minusYears(1);
        return new LocalDate[] {lastYear.atDay(1).minusDays(LOOKBACK_DAYS), lastYear.atEndOfMonth()};
    }

    /** Segment id → uplift, for the segments that touch {@code month} and whose last-year uplift is known. */
    public static Map<String, BigDecimal> learn(YearMonth month, Map<LocalDate, DaySales> lastYearDaily) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        int year = month.getYear() - 1;
        LocalDate monthFirst = month.atDay(1);
        LocalDate monthLast = month.atEndOfMonth();
        for (PromoCalendar.Segment s : PromoCalendar.SEGMENTS) {
            LocalDate first = s.firstIn(month.getYear());
            LocalDate last = s.lastIn(month.getYear());
            if (last.isBefore(monthFirst) || first.isAfter(monthLast)) {
                continue;
            }
            LocalDate promoStart = PromoCalendar.promoStart(s.promo(), year);
            BigDecimal baselineSum = BigDecimal.ZERO;
            int baselineDays = 0;
            int soldDays = 0;
            for (LocalDate d = promoStart.minusDays(BASELINE_DAYS); d.isBefore(promoStart); d = d.plusDays(1)) {
                if (PromoCalendar.isPromo(d)) {
                    continue;
                }
                DaySales sales = lastYearDaily.getOrDefault(d, DaySales.NONE);
                baselineSum = baselineSum.add(sales.gmv());
                baselineDays++;
                if (sales.gmv().signum() > 0) {
                    soldDays++;
                }
            }
            BigDecimal segmentSum = BigDecimal.ZERO;
            int segmentDays = 0;
            boolean segmentSold = false;
            for (LocalDate d = s.firstIn(year); !d.isAfter(s.lastIn(year)); d = d.plusDays(1)) {
                DaySales sales = lastYearDaily.getOrDefault(d, DaySales.NONE);
                segmentSum = segmentSum.add(sales.gmv());
                segmentDays++;
                segmentSold |= sales.gmv().signum() > 0;
            }
            if (soldDays < MIN_BASELINE_DAYS || !segmentSold || baselineSum.signum() == 0) {
                continue;
            }
            BigDecimal baseline = baselineSum.divide(BigDecimal.valueOf(baselineDays), MathContext.DECIMAL64);
            BigDecimal perDay = segmentSum.divide(BigDecimal.valueOf(segmentDays), MathContext.DECIMAL64);
            out.put(s.id(), perDay.divide(baseline, 4, RoundingMode.HALF_UP));
        }
        return out;
    }
}
