package com.bi.server;

import java.time.LocalDate;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.bi.common.error.ApiException;
import com.bi.server.data.LocalAnswerCache;
import com.bi.server.domain.AnswerCache;
import com.bi.server.domain.DashboardQuery;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Range presets against a fixed "today", the canonical query text, the tenant in every cache key, the local cache's bounds. */
class DashboardQueryUnitTest {
    private static final LocalDate TODAY = LocalDate.parse("2024-03-15");

    private static DashboardQuery range(String range) {
        return DashboardQuery.parse(range, null, null, null, null, TODAY);
    }

    @Test
    void presetsAreDaysOfTheTenantsToday() {
        assertThat(range("today").from(), is(TODAY));
        assertThat(range("yesterday").to(), is(LocalDate.parse("2024-03-14")));
        assertThat(range(null).from(), is(LocalDate.parse("2024-03-09")));
        assertThat(range("last_30_days").from(), is(LocalDate.parse("2024-02-15")));
        assertThat(range("this_month").from(), is(LocalDate.parse("2024-03-01")));
        assertThat(range("last_month").from(), is(LocalDate.parse("2024-02-01")));
        assertThat(range("last_month").to(), is(LocalDate.parse("2024-02-29")));
        assertThat(range("last_7_days").compareFrom(), is(LocalDate.parse("2024-03-02")));
    }

    @Test
    void equalQueriesHaveEqualTextAndShopsAreNormalized() {
        DashboardQuery a = DashboardQuery.parse("custom", "2024-01-01", "2024-01-31", "s2, s1,s1", "tmall", TODAY);
        DashboardQuery b = DashboardQuery.parse("custom", "2024-01-01", "2024-01-31", "s1,s2", "TMALL", TODAY);
        assertThat(a.canonical(), is(b.canonical()));
        assertThat(a.canonical(), not(range("last_7_days").canonical()));
    }

    @Test
    void badValuesNameTheirParameter() {
        assertThat(assertThrows(ApiException.class, () -> range("fortnight")).field(), is("range"));
        assertThat(assertThrows(ApiException.class, () -> DashboardQuery.parse("custom", "2024-01-02", "2024-01-01", null, null, TODAY)).field(), is("to"));
        assertThat(assertThrows(ApiException.class, () -> DashboardQuery.parse(null, null, null, "x".repeat(65), null, TODAY)).field(), is("shops"));
    }

    @Test
    void everyCacheKeyStartsWithItsTenant() {
        String a = AnswerCache.key("tenant-a", "q", "1.");
        String b = AnswerCache.key("tenant-b", "q", "1.");
        assertThat(a, startsWith("tenant-a:"));
        assertThat(a, not(b));
        assertThat(a.substring(a.indexOf(':')), is(b.substring(b.indexOf(':')))); // the same query: only the tenant differs
        assertThat(AnswerCache.key("tenant-a", "q", "2."), not(a)); // a new day version: a new key
    }

    @Test
    void theLocalCacheIsBoundedAndExpires() {
        MutableClock clock = new MutableClock();
        LocalAnswerCache cache = new LocalAnswerCache(2, Duration.ofMinutes(5), clock);
        cache.put("a", new byte[] {1});
        cache.put("b", new byte[] {2});
        cache.get("a");
        cache.put("c", new byte[] {3}); // b is the least recently used
        assertThat(cache.get("b").isPresent(), is(false));
        assertThat(cache.get("a").isPresent(), is(true));
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        assertThat(cache.get("a").isPresent(), is(false));
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2024-03-15T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
