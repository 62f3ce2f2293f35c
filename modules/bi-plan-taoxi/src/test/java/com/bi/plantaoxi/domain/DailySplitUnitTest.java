package com.bi.plantaoxi.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DailySplitUnitTest {
    private static BigDecimal sum(List<DayTarget> days) {
        return days.stream().map(DayTarget::gmv).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static long orders(List<DayTarget> days) {
        return days.stream().mapToLong(DayTarget::orders).sum();
    }

    @Test
    void aFlatSplitSumsExactlyAndPlacesTheRemainderOnTheEarliestDays() {
        // 100.00 over 30 days of April: 3.33 each = 99.90; the 10 cents left go to April 1..10
        List<DayTarget> days = DailySplit.split(YearMonth.of(2025, 4), new BigDecimal("100.00"), 7, WeekdayProfile.flat(), Map.of());
        assertThat(days.size(), is(30));
        assertThat(sum(days), comparesEqualTo(new BigDecimal("100.00")));
        assertThat(days.get(0).gmv(), comparesEqualTo(new BigDecimal("3.34")));
        assertThat(days.get(9).gmv(), comparesEqualTo(new BigDecimal("3.34")));
        assertThat(days.get(10).gmv(), comparesEqualTo(new BigDecimal("3.33")));
        assertThat(orders(days), is(7L));
        assertThat(days.get(6).orders(), is(1L));
        assertThat(days.get(7).orders(), is(0L));
    }

    @Test
    void randomTargetsAndProfilesAlwaysSumToTheTarget() {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            List<BigDecimal> factors = new ArrayList<>();
            for (int d = 0; d < 7; d++) {
                factors.add(BigDecimal.valueOf(random.nextInt(30000), 4));
            }
            factors.set(random.nextInt(7), new BigDecimal("1.0000"));
            WeekdayProfile profile = new WeekdayProfile(factors, true, 56);
            YearMonth month = YearMonth.of(2020 + random.nextInt(8), 1 + random.nextInt(12));
            BigDecimal target = BigDecimal.valueOf(random.nextLong(1, 99_999_999_999L), 2);
            long orders = random.nextLong(0, 1_000_000);
            Map<LocalDate, BigDecimal> overrides = new HashMap<>();
            if (random.nextBoolean()) {
                overrides.put(month.atDay(1 + random.nextInt(28)), BigDecimal.valueOf(random.nextInt(50000), 4));
            }
            List<DayTarget> days = DailySplit.split(month, target, orders, profile, overrides);
            assertThat(month + " " + target, sum(days), comparesEqualTo(target));
            assertThat(orders(days), is(orders));
            assertThat(days.stream().allMatch(d -> d.gmv().signum() >= 0 && d.gmv().scale() == 2), is(true));
        }
    }

    @Test
    void theSameInputGivesTheSameSplit() {
        WeekdayProfile profile = new WeekdayProfile(List.of(new BigDecimal("0.9"), new BigDecimal("0.9"), new BigDecimal("0.9"),
                new BigDecimal("0.9"), new BigDecimal("1.1"), new BigDecimal("1.3"), new BigDecimal("1.0")), true, 56);
        List<DayTarget> a = DailySplit.split(YearMonth.of(2026, 11), new BigDecimal("123456.78"), 999, profile, Map.of());
        List<DayTarget> b = DailySplit.split(YearMonth.of(2026, 11), new BigDecimal("123456.78"), 999, profile, Map.of());
        assertThat(a, is(b));
    }

    @Test
    void promoDaysAndPreSaleWindowsWeighByTheTable() {
        List<DayTarget> nov = DailySplit.split(YearMonth.of(2026, 11), new BigDecimal("300000.00"), 3000, WeekdayProfile.flat(), Map.of());
        DayTarget eleventh = nov.get(10);
        DayTarget presale = nov.get(9);
        DayTarget ordinary = nov.get(20);
        assertThat(eleventh.basis(), is("1111"));
        assertThat(eleventh.weight(), comparesEqualTo(new BigDecimal("5.0")));
        assertThat(presale.basis(), is("1111_PRESALE"));
        assertThat(presale.weight(), comparesEqualTo(new BigDecimal("1.5")));
        assertThat(ordinary.basis(), is("WEEKDAY"));
        // 10 pre-sale days x 1.5 + 5 + 19 ordinary days = 39 units; 11.11 gets 5/39 of the month
        assertThat(eleventh.gmv(), comparesEqualTo(new BigDecimal("38461.54")));
        assertThat(ordinary.gmv(), comparesEqualTo(new BigDecimal("7692.31")));
        // the 6.18 pre-sale starts on May 31; 12.12's on December 8
        assertThat(DailySplit.weights(YearMonth.of(2026, 5), WeekdayProfile.flat(), Map.of()).get(30).basis(), is("618_PRESALE"));
        assertThat(DailySplit.weights(YearMonth.of(2026, 5), WeekdayProfile.flat(), Map.of()).get(29).basis(), is("WEEKDAY"));
        List<DayTarget> june = DailySplit.weights(YearMonth.of(2026, 6), WeekdayProfile.flat(), Map.of());
        assertThat(june.get(16).basis(), is("618_PRESALE"));
        assertThat(june.get(17).basis(), is("618"));
        assertThat(june.get(18).basis(), is("WEEKDAY"));
        List<DayTarget> dec = DailySplit.weights(YearMonth.of(2026, 12), WeekdayProfile.flat(), Map.of());
        assertThat(dec.get(6).basis(), is("WEEKDAY"));
        assertThat(dec.get(7).basis(), is("1212_PRESALE"));
        assertThat(dec.get(11).basis(), is("1212"));
        assertThat(dec.get(12).basis(), is("WEEKDAY"));
    }

    @Test
    void promoMultipliersCombineWithTheWeekdayFactor() {
        List<BigDecimal> factors = new ArrayList<>(java.util.Collections.nCopies(7, new BigDecimal("1.0000")));
        factors.set(DayOfWeek.WEDNESDAY.getValue() - 1, new BigDecimal("1.2000"));
        // 2026-11-11 is a Wednesday
        DayTarget d = DailySplit.weights(YearMonth.of(2026, 11), new WeekdayProfile(factors, true, 56), Map.of()).get(10);
        assertThat(d.weight(), comparesEqualTo(new BigDecimal("6.0")));
    }

    @Test
    void anOverrideReplacesTheDaysWeightAndZeroMeansNothingExpected() {
        YearMonth month = YearMonth.of(2025, 4);
        Map<LocalDate, BigDecimal> overrides = Map.of(month.atDay(5), new BigDecimal("0"), month.atDay(6), new BigDecimal("3"));
        List<DayTarget> days = DailySplit.split(month, new BigDecimal("3100.00"), 31, WeekdayProfile.flat(), overrides);
        assertThat(days.get(4).basis(), is("OVERRIDE"));
        assertThat(days.get(4).gmv(), comparesEqualTo(BigDecimal.ZERO));
        assertThat(days.get(4).orders(), is(0L));
        // 28 days x 1 + 3 = 31 units of 100.00
        assertThat(days.get(5).gmv(), comparesEqualTo(new BigDecimal("300.00")));
        assertThat(days.get(5).orders(), is(3L));
        assertThat(days.get(6).gmv(), comparesEqualTo(new BigDecimal("100.00")));
        assertThat(sum(days), comparesEqualTo(new BigDecimal("3100.00")));
    }

    @Test
    void aMonthWhoseDaysAllWeighZeroCannotBeSplit() {
        YearMonth month = YearMonth.of(2025, 2);
        Map<LocalDate, BigDecimal> zero = new HashMap<>();
        for (int d = 1; d <= 28; d++) {
            zero.put(month.atDay(d), BigDecimal.ZERO);
        }
        assertThrows(IllegalArgumentException.class,
                () -> DailySplit.split(month, new BigDecimal("1.00"), 0, WeekdayProfile.flat(), zero));
        assertThat(sum(DailySplit.split(month, new BigDecimal("0.00"), 0, WeekdayProfile.flat(), zero)),
                comparesEqualTo(BigDecimal.ZERO));
    }

    @Test
    void apportionGivesLeftoverUnitsToTheLargestRemaindersThenTheEarlierPart() {
        List<BigInteger> parts = Apportion.split(BigInteger.valueOf(10),
                List.of(new BigDecimal("1"), new BigDecimal("1"), new BigDecimal("1")));
        assertThat(parts, is(List.of(BigInteger.valueOf(4), BigInteger.valueOf(3), BigInteger.valueOf(3))));
        parts = Apportion.split(BigInteger.valueOf(10), List.of(new BigDecimal("1"), new BigDecimal("1.1"), new BigDecimal("1")));
        assertThat(parts.get(1), greaterThan(parts.get(0)));
        assertThat(parts.stream().reduce(BigInteger.ZERO, BigInteger::add), is(BigInteger.TEN));
    }
}
