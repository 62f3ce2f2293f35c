package com.bi.plantaoxi.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.List;
import java.util.Optional;

/**
 * The Taoxi promo days, in one table: each segment is a span of days of every year with the multiplier a daily target
 * gets there when the shop's own last-year uplift is not known. The pre-sale windows (定金 / warm-up) run up to the
 * day itself; segments never overlap. README "Promo days" shows this table.
 */
public final class PromoCalendar {
    /** One span of promo days of every year: {@code promo} is the event (618, 1111, 1212), {@code id} the segment. */
    public record Segment(String id, String promo, MonthDay first, MonthDay last, BigDecimal multiplier) {
        public boolean contains(LocalDate day) {
            MonthDay md = MonthDay.from(day);
            return !md.isBefore(first) && !md.isAfter(last);
        }

        /** The segment's first and last day in {@code year}. */
        public LocalDate firstIn(int year) {
            return first.atYear(year);
        }

        public LocalDate lastIn(int year) {
            return last.atYear(year);
        }
    }

    /** The table (promo, days, default multiplier). */
    public static final List<Segment> SEGMENTS = List.of(
            new Segment("618_PRESALE", "618", MonthDay.of(5, 31), MonthDay.of(6, 17), new BigDecimal("1.5")),
            new Segment("618", "618", MonthDay.of(6, 18), MonthDay.of(6, 18), new BigDecimal("3.0")),
            new Segment("1111_PRESALE", "1111", MonthDay.of(10, 20), MonthDay.of(11, 10), new BigDecimal("1.5")),
            new Segment("1111", "1111", MonthDay.of(11, 11), MonthDay.of(11, 11), new BigDecimal("5.0")),
            new Segment("1212_PRESALE", "1212", MonthDay.of(12, 8), MonthDay.of(12, 11), new BigDecimal("1.3")),
            new Segment("1212", "1212", MonthDay.of(12, 12), MonthDay.of(12, 12), new BigDecimal("2.5")));

    private PromoCalendar() {
    }

    /** The segment {@code day} falls in, if any. */
    public static Optional<Segment> segment(LocalDate day) {
        for (Segment s : SEGMENTS) {
            if (s.contains(day)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public static boolean isPromo(LocalDate day) {
        return segment(day).isPresent();
    }

    /** The first day of the promo's earliest segment in {@code year} (where its pre-sale starts). */
    public static LocalDate promoStart(String promo, int year) {
        return SEGMENTS.stream().filter(s -> s.promo().equals(promo)).map(s -> s.firstIn(year)).min(LocalDate::compareTo)
                .orElseThrow();
    }
}
