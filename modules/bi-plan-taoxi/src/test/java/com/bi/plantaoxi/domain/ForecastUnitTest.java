package com.bi.plantaoxi.domain;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/** Weekday profile learning, last-year promo uplift and the forecast methods. */
class ForecastUnitTest {
    private static final YearMonth APRIL = YearMonth.of(2025, 4);

    /** Daily GMV in [from, to]: {@code weekday} days sell {@code high}, the others {@code low}. */
    private static Map<LocalDate, DaySales> history(LocalDate from, LocalDate to, DayOfWeek weekday, String high, String low) {
        Map<LocalDate, DaySales> out = new HashMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            out.put(d, new DaySales(new BigDecimal(d.getDayOfWeek() == weekday ? high : low), 10));
        }
        return out;
    }

    @Test
    void aProfileIsLearnedFromEnoughHistoryAndWeekendsWeighMore() {
        LocalDate from = LocalDate.of(2025, 2, 3);
        LocalDate to = LocalDate.of(2025, 3, 30); // 8 weeks, no promo day
        WeekdayProfile p = WeekdayProfile.learn(history(from, to, DayOfWeek.SATURDAY, "800.00", "100.00"), from, to, 28);
        assertThat(p.learned(), is(true));
        assertThat(p.daysUsed(), is(56));
        // mean of weekday means = (6 x 100 + 800) / 7 = 200: Saturday 4, the others 0.5
        assertThat(p.factor(DayOfWeek.SATURDAY), comparesEqualTo(new BigDecimal("4")));
        assertThat(p.factor(DayOfWeek.MONDAY), comparesEqualTo(new BigDecimal("0.5")));
    }

    @Test
    void tooLittleHistoryOrNoSalesGiveAFlatProfile() {
        LocalDate from = LocalDate.of(2025, 2, 3);
        LocalDate to = LocalDate.of(2025, 3, 30);
        // the shop started selling 20 days before the month: 20 < 28 days
        WeekdayProfile young = WeekdayProfile.learn(history(to.minusDays(19), to, DayOfWeek.SATURDAY, "800", "100"), from, to, 28);
        assertThat(young.learned(), is(false));
        assertThat(young.factor(DayOfWeek.SATURDAY), comparesEqualTo(BigDecimal.ONE));
        assertThat(WeekdayProfile.learn(Map.of(), from, to, 28).learned(), is(false));
    }

    @Test
    void promoDaysAreLeftOutOfTheProfile() {
        // Oct 6 .. Nov 30 2025 holds the 11.11 pre-sale and 11.11: a huge Tuesday 11.11 must not make Tuesdays strong
        LocalDate from = LocalDate.of(2025, 10, 6);
        LocalDate to = LocalDate.of(2025, 11, 30);
        Map<LocalDate, DaySales> h = history(from, to, DayOfWeek.SATURDAY, "100", "100");
        h.put(LocalDate.of(2025, 11, 11), new DaySales(new BigDecimal("100000"), 1000));
        WeekdayProfile p = WeekdayProfile.learn(h, from, to, 28);
        assertThat(p.learned(), is(true));
        assertThat(p.daysUsed(), is(56 - 23));
        assertThat(p.factor(DayOfWeek.TUESDAY), comparesEqualTo(BigDecimal.ONE));
    }

    @Test
    void runRateWithoutHistory() {
        // 10 of 30 days sold 1000.00 and 10 orders: 20 more days at the same pace
        Forecast.Result r = Forecast.of(APRIL, LocalDate.of(2025, 4, 10), new BigDecimal("1000.00"), 10,
                new BigDecimal("5000.00"), 50, WeekdayProfile.flat(), Map.of());
        assertThat(r.method(), is(Forecast.Method.RUN_RATE));
        assertThat(r.gmv(), comparesEqualTo(new BigDecimal("3000.00")));
        assertThat(r.orders(), is(30L));
    }

    @Test
    void aWeekdayProfileScalesThePace() {
        List<BigDecimal> f = new java.util.ArrayList<>(java.util.Collections.nCopies(7, new BigDecimal("0.5")));
        f.set(5, new BigDecimal("2")); // Saturdays
        f.set(6, new BigDecimal("2")); // Sundays
        WeekdayProfile profile = new WeekdayProfile(f, true, 56);
        // April 2025 starts on a Tuesday; Apr 1..6 = Tue-Fri (4 x 0.5) + Sat, Sun (2 x 2) = 6 units sold 600.00
        // the rest: Apr 7..30 = 18 weekdays x 0.5 + 6 weekend days x 2 = 21 units
        Forecast.Result r = Forecast.of(APRIL, LocalDate.of(2025, 4, 6), new BigDecimal("600.00"), 6,
                new BigDecimal("5000.00"), 50, profile, Map.of());
        assertThat(r.method(), is(Forecast.Method.WEEKDAY_PROFILE));
        assertThat(r.gmv(), comparesEqualTo(new BigDecimal("2700.00")));
        assertThat(r.orders(), is(27L));
    }

    @Test
    void lastYearsPromoUpliftReplacesTheTableMultiplier() {
        YearMonth nov = YearMonth.of(2026, 11);
        // last year: 100.00 a day before the 11.11 pre-sale (from 2025-10-20), 200.00 in the pre-sale, 1500.00 on 11.11
        Map<LocalDate, DaySales> lastYear = new HashMap<>();
        LocalDate[] range = PromoUplift.historyRange(nov);
        assertThat(range[0], is(LocalDate.of(2025, 9, 2)));
        assertThat(range[1], is(LocalDate.of(2025, 11, 30)));
        for (LocalDate d = range[0]; !d.isAfter(range[1]); d = d.plusDays(1)) {
            String gmv = d.equals(LocalDate.of(2025, 11, 11)) ? "1500.00"
                    : PromoCalendar.isPromo(d) ? "200.00" : "100.00";
            lastYear.put(d, new DaySales(new BigDecimal(gmv), 1));
        }
        Map<String, BigDecimal> uplift = PromoUplift.learn(nov, lastYear);
        assertThat(uplift.get("1111"), comparesEqualTo(new BigDecimal("15")));
        assertThat(uplift.get("1111_PRESALE"), comparesEqualTo(new BigDecimal("2")));
        assertThat(uplift.get("1212"), nullValue());
        // Nov 1..5 sold 1000.00 (5 pre-sale days x 2 = 10 units: 100.00 a unit); left: Nov 6..10 (5 x 2) + 11.11 (15)
        // + Nov 12..30 (19 x 1) = 44 units
        Forecast.Result r = Forecast.of(nov, LocalDate.of(2026, 11, 5), new BigDecimal("1000.00"), 10,
                new BigDecimal("9000.00"), 90, WeekdayProfile.flat(), uplift);
        assertThat(r.method(), is(Forecast.Method.LAST_YEAR_PROMO_UPLIFT));
        assertThat(r.gmv(), comparesEqualTo(new BigDecimal("5400.00")));
        assertThat(r.orders(), is(54L));
        // without last year's history the table's multipliers apply (pre-sale 1.5, 11.11 5): 7.5 units so far, 31.5 left
        Forecast.Result table = Forecast.of(nov, LocalDate.of(2026, 11, 5), new BigDecimal("1000.00"), 10,
                new BigDecimal("9000.00"), 90, WeekdayProfile.flat(), PromoUplift.learn(nov, Map.of()));
        assertThat(table.method(), is(Forecast.Method.RUN_RATE));
        assertThat(table.gmv(), comparesEqualTo(new BigDecimal("5200.00")));
    }

    @Test
    void tooLittleBaselineLastYearMeansNoUplift() {
        YearMonth nov = YearMonth.of(2026, 11);
        Map<LocalDate, DaySales> onlyPromo = new HashMap<>();
        onlyPromo.put(LocalDate.of(2025, 11, 11), new DaySales(new BigDecimal("1500.00"), 1));
        assertThat(PromoUplift.learn(nov, onlyPromo).isEmpty(), is(true));
    }

    @Test
    void beforeTheMonthThePlanAfterItTheActuals() {
        Forecast.Result before = Forecast.of(APRIL, LocalDate.of(2025, 3, 31), BigDecimal.ZERO, 0,
                new BigDecimal("5000.00"), 50, WeekdayProfile.flat(), Map.of());
        assertThat(before.method(), is(Forecast.Method.PLAN));
        assertThat(before.gmv(), comparesEqualTo(new BigDecimal("5000.00")));
        Forecast.Result after = Forecast.of(APRIL, LocalDate.of(2025, 4, 30), new BigDecimal("4321.00"), 43,
                new BigDecimal("5000.00"), 50, WeekdayProfile.flat(), Map.of());
        assertThat(after.method(), is(Forecast.Method.ACTUAL));
        assertThat(after.gmv(), comparesEqualTo(new BigDecimal("4321.00")));
        assertThat(after.orders(), is(43L));
    }

    @Test
    void statusThresholds() {
        Thresholds t = new Thresholds(95, 85);
        assertThat(t.status(new BigDecimal("0.95"), false), is(Thresholds.Status.ON_TRACK));
        assertThat(t.status(new BigDecimal("1.40"), false), is(Thresholds.Status.ON_TRACK));
        assertThat(t.status(new BigDecimal("0.949999"), false), is(Thresholds.Status.AT_RISK));
        assertThat(t.status(new BigDecimal("0.85"), false), is(Thresholds.Status.AT_RISK));
        assertThat(t.status(new BigDecimal("0.849999"), false), is(Thresholds.Status.BEHIND));
        assertThat(t.status(BigDecimal.ZERO, true), is(Thresholds.Status.ON_TRACK));
        Thresholds strict = new Thresholds(100, 100);
        assertThat(strict.status(new BigDecimal("0.99"), false), is(Thresholds.Status.BEHIND));
    }

    @Test
    void thresholdsOutOfOrderAreRefusedNamingTheField() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(com.bi.common.error.ApiException.class, () -> new Thresholds(80, 90));
        assertThat(e.field(), is("at_risk_percent"));
        e = org.junit.jupiter.api.Assertions.assertThrows(com.bi.common.error.ApiException.class, () -> new Thresholds(0, 0));
        assertThat(e.field(), is("on_track_percent"));
    }
}
