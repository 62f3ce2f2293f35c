package com.bi.template.domain;

import java.time.LocalDate;

import com.bi.common.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Date range presets, relative to the tenant's today (a Wednesday, 2026-12-02, here). */
class DateRangeUnitTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);

    private static DateRange range(String spec) {
        return DateRange.resolve(spec, null, null, TODAY, "variables.range");
    }

    private static DateRange of(String from, String to) {
        return new DateRange(LocalDate.parse(from), LocalDate.parse(to));
    }

    @Test
    void presetsResolveRelativeToToday() {
        assertEquals(of("2026-12-02", "2026-12-02"), range("today"));
        assertEquals(of("2026-12-01", "2026-12-01"), range("yesterday"));
        assertEquals(of("2026-11-25", "2026-12-01"), range("last_7_days"));
        assertEquals(7, range("last_7_days").days());
        assertEquals(of("2026-11-02", "2026-12-01"), range("last_30_days"));
        assertEquals(30, range("last_30_days").days());
        assertEquals(of("2026-11-30", "2026-12-02"), range("this_week"));
        assertEquals(of("2026-11-23", "2026-11-29"), range("last_week"));
        assertEquals(of("2026-12-01", "2026-12-02"), range("month_to_date"));
        assertEquals(of("2026-11-01", "2026-11-30"), range("last_month"));
        assertEquals(of("2026-01-01", "2026-12-02"), range("year_to_date"));
        assertEquals(of("2026-10-01", "2026-10-31"), range("2026-10-01..2026-10-31"));
        assertEquals(of("2026-10-05", "2026-10-06"), DateRange.resolve("custom", "2026-10-05", "2026-10-06", TODAY, "variables.range"));
    }

    @Test
    void edgesOfMonthsYearsAndWeeks() {
        LocalDate newYear = LocalDate.of(2027, 1, 1); // a Friday
        assertEquals(of("2026-12-31", "2026-12-31"), DateRange.resolve("yesterday", null, null, newYear, "r"));
        assertEquals(of("2026-12-01", "2026-12-31"), DateRange.resolve("last_month", null, null, newYear, "r"));
        assertEquals(of("2027-01-01", "2027-01-01"), DateRange.resolve("year_to_date", null, null, newYear, "r"));
        assertEquals(of("2026-12-21", "2026-12-27"), DateRange.resolve("last_week", null, null, newYear, "r"));
        LocalDate march1 = LocalDate.of(2028, 3, 1); // leap year
        assertEquals(of("2028-02-01", "2028-02-29"), DateRange.resolve("last_month", null, null, march1, "r"));
        LocalDate monday = LocalDate.of(2026, 11, 30);
        assertEquals(of("2026-11-30", "2026-11-30"), DateRange.resolve("this_week", null, null, monday, "r"));
    }

    @Test
    void badRangesAre400NamingTheField() {
        ApiException unknown = assertThrows(ApiException.class, () -> range("last_fortnight"));
        assertEquals(400, unknown.status());
        assertEquals("variables.range", unknown.field());
        assertEquals("variables.range", assertThrows(ApiException.class, () -> range("2026-10-31..2026-10-01")).field());
        assertEquals("variables.range", assertThrows(ApiException.class, () -> range("2026-13-01..2026-12-01")).field());
        assertEquals("variables.range", assertThrows(ApiException.class, () -> range("2020-01-01..2026-01-01")).field());
        assertEquals("variables.from", assertThrows(ApiException.class,
                () -> DateRange.resolve("custom", null, "2026-10-06", TODAY, "variables.range")).field());
        assertEquals("variables.to", assertThrows(ApiException.class,
                () -> DateRange.resolve("custom", "2026-10-05", "yesterday", TODAY, "variables.range")).field());
    }
}
