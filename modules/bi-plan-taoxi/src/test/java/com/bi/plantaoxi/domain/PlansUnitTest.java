package com.bi.plantaoxi.domain;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.bi.common.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The use cases over the in-memory repository, a shop table standing in for bi-basic and daily sales for bi-analysis. */
class PlansUnitTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final YearMonth APRIL = YearMonth.of(2025, 4);
    private final InMemoryPlanRepository repository = new InMemoryPlanRepository();
    private final Map<Long, ShopRef> shopTable = Map.of(
            1L, new ShopRef(1, "Flagship", "TMALL", "tm-flagship"),
            2L, new ShopRef(2, "Outlet", "TAOBAO", "tb-outlet"),
            3L, new ShopRef(3, "JD self", "JD", "jd-self"));
    private final Map<String, Map<LocalDate, DaySales>> sold = new HashMap<>();
    private final SalesHistory sales = new SalesHistory() {
        @Override
        public ZoneId zone() {
            return SHANGHAI;
        }

        @Override
        public Map<String, Map<LocalDate, DaySales>> daily(Collection<String> keys, LocalDate from, LocalDate to) {
            Map<String, Map<LocalDate, DaySales>> out = new HashMap<>();
            for (String key : keys) {
                Map<LocalDate, DaySales> days = new HashMap<>();
                sold.getOrDefault(key, Map.of()).forEach((d, s) -> {
                    if (!d.isBefore(from) && !d.isAfter(to)) {
                        days.put(d, s);
                    }
                });
                out.put(key, days);
            }
            return out;
        }
    };
    // 2025-04-11 09:00 in Shanghai: as of April 10
    private final Clock clock = Clock.fixed(Instant.parse("2025-04-11T01:00:00Z"), SHANGHAI);
    private final Plans plans = new Plans(repository, id -> Optional.ofNullable(shopTable.get(id)), sales, clock,
            new Plans.Settings(8, 28, new Thresholds(95, 85), 100));

    private static PlanDraft draft(long shop, String gmv, long orders) {
        return new PlanDraft(shop, APRIL, new BigDecimal(gmv), orders, null);
    }

    @Test
    void everyChangeIsANewVersionAndTheSameTargetsKeepTheCurrentOne() {
        Plans.Upserted created = plans.upsert("t1", "alice", draft(1, "3000.00", 30), null);
        assertThat(created.created(), is(true));
        assertThat(created.plan().version(), is(1L));
        assertThat(created.plan().change(), is("CREATE"));
        Plans.Upserted same = plans.upsert("t1", "bob", draft(1, "3000", 30), null);
        assertThat(same.changed(), is(false));
        assertThat(same.plan().version(), is(1L));
        Plans.Upserted updated = plans.upsert("t1", "bob", draft(1, "4000.00", 40), 1L);
        assertThat(updated.plan().version(), is(2L));
        assertThat(updated.plan().change(), is("UPDATE"));
        assertThat(updated.plan().changedBy(), is("bob"));
        ApiException stale = assertThrows(ApiException.class, () -> plans.upsert("t1", "carol", draft(1, "5000.00", 50), 1L));
        assertThat(stale.status(), is(412));
        plans.delete("t1", "carol", 1, APRIL, null);
        assertThat(assertThrows(ApiException.class, () -> plans.get("t1", 1, APRIL)).status(), is(404));
        List<PlanVersion> history = plans.versions("t1", 1, APRIL);
        assertThat(history.stream().map(PlanVersion::change).toList(), is(List.of("CREATE", "UPDATE", "DELETE")));
        assertThat(plans.version("t1", 1, APRIL, 1).targetGmv(), comparesEqualTo(new BigDecimal("3000.00")));
        assertThat(plans.upsert("t1", "dave", draft(1, "1.00", 1), null).plan().version(), is(4L));
    }

    @Test
    void onlyTaoxiShopsOfTheTenantGetPlans() {
        ApiException jd = assertThrows(ApiException.class, () -> plans.upsert("t1", "a", draft(3, "1.00", 1), null));
        assertThat(jd.status(), is(422));
        assertThat(jd.field(), is("shop_id"));
        assertThat(jd.getMessage(), containsString("shop 3 (JD self) is a JD shop"));
        ApiException unknown = assertThrows(ApiException.class, () -> plans.upsert("t1", "a", draft(99, "1.00", 1), null));
        assertThat(unknown.status(), is(422));
        assertThat(unknown.getMessage(), containsString("shop 99 is not a shop of this tenant"));
    }

    @Test
    void tenantsNeverSeeEachOthersPlans() {
        plans.upsert("t1", "a", draft(1, "3000.00", 30), null);
        assertThat(plans.list("t2", APRIL, List.of()).isEmpty(), is(true));
        assertThat(assertThrows(ApiException.class, () -> plans.get("t2", 1, APRIL)).status(), is(404));
        assertThat(plans.attainment("t2", APRIL, List.of()).shops().isEmpty(), is(true));
    }

    @Test
    void attainmentIsMonthToDateAgainstTheDailyTargetsToDate() {
        plans.upsert("t1", "a", draft(1, "3000.00", 30), null);
        plans.upsert("t1", "a", draft(2, "3000.00", 30), null);
        Map<LocalDate, DaySales> flagship = new HashMap<>();
        Map<LocalDate, DaySales> outlet = new HashMap<>();
        for (int d = 1; d <= 10; d++) {
            flagship.put(APRIL.atDay(d), new DaySales(new BigDecimal("100.00"), 1));
            outlet.put(APRIL.atDay(d), new DaySales(new BigDecimal("80.00"), 1));
        }
        flagship.put(APRIL.atDay(11), new DaySales(new BigDecimal("999.00"), 9)); // today: not counted yet
        sold.put("tm-flagship", flagship);
        sold.put("tb-outlet", outlet);
        Attainments a = plans.attainment("t1", null, List.of());
        assertThat(a.month(), is(APRIL));
        assertThat(a.asOf(), is(LocalDate.of(2025, 4, 10)));
        assertThat(a.shops().size(), is(2));
        ShopAttainment f = a.shops().get(0);
        assertThat(f.mtdGmv(), comparesEqualTo(new BigDecimal("1000.00")));
        assertThat(f.expectedGmv(), comparesEqualTo(new BigDecimal("1000.00")));
        assertThat(f.attainment(), comparesEqualTo(BigDecimal.ONE));
        assertThat(f.status(), is(Thresholds.Status.ON_TRACK));
        assertThat(f.forecast().method(), is(Forecast.Method.RUN_RATE));
        assertThat(f.forecast().gmv(), comparesEqualTo(new BigDecimal("3000.00")));
        ShopAttainment o = a.shops().get(1);
        assertThat(o.attainment(), comparesEqualTo(new BigDecimal("0.8")));
        assertThat(o.status(), is(Thresholds.Status.BEHIND));
        plans.saveThresholds("t1", "admin", new Thresholds(90, 80));
        assertThat(plans.attainment("t1", APRIL, List.of(2L)).shops().getFirst().status(), is(Thresholds.Status.AT_RISK));
        assertThat(plans.attainment("t2", APRIL, List.of()).thresholds(), is(new Thresholds(95, 85)));
    }

    @Test
    void aPastMonthCountsEveryDayAndAFutureMonthNone() {
        plans.upsert("t1", "a", new PlanDraft(1, YearMonth.of(2025, 3), new BigDecimal("3100.00"), 31, null), null);
        plans.upsert("t1", "a", new PlanDraft(1, YearMonth.of(2025, 5), new BigDecimal("3100.00"), 31, null), null);
        Attainments march = plans.attainment("t1", YearMonth.of(2025, 3), List.of());
        assertThat(march.asOf(), is(LocalDate.of(2025, 3, 31)));
        assertThat(march.shops().getFirst().expectedGmv(), comparesEqualTo(new BigDecimal("3100.00")));
        assertThat(march.shops().getFirst().forecast().method(), is(Forecast.Method.ACTUAL));
        Attainments may = plans.attainment("t1", YearMonth.of(2025, 5), List.of());
        assertThat(may.asOf(), is(LocalDate.of(2025, 4, 30)));
        assertThat(may.shops().getFirst().status(), is(Thresholds.Status.ON_TRACK));
        assertThat(may.shops().getFirst().forecast().method(), is(Forecast.Method.PLAN));
    }

    @Test
    void anAllOrNothingImportWithABadRowImportsNothingAndListsEveryBadRow() {
        List<ImportRow> rows = List.of(
                new ImportRow(2, "1", "2025-04", "3000.00", "30", null),
                new ImportRow(3, "3", "2025-04", "1000", "10", null),
                new ImportRow(4, "2", "2025-13", "-5", "x", null),
                new ImportRow(5, "1", "2025-04", "10.00", "1", null));
        ImportRejected rejected = assertThrows(ImportRejected.class, () -> plans.importPlans("t1", "a", rows, false));
        assertThat(rejected.status(), is(422));
        assertThat(rejected.errors().stream().map(e -> e.line() + ":" + e.field()).toList(),
                is(List.of("3:shop_id", "4:month", "4:target_gmv", "4:target_orders", "5:shop_id")));
        assertThat(plans.list("t1", APRIL, List.of()).isEmpty(), is(true));

        ImportResult partial = plans.importPlans("t1", "a", rows, true);
        assertThat(partial.created(), is(1));
        assertThat(partial.rejected().size(), is(5));
        assertThat(plans.get("t1", 1, APRIL).change(), is("IMPORT"));
        assertThat(plans.importPlans("t1", "a", rows.subList(0, 1), false).unchanged(), is(1));
    }

    @Test
    void overridesMustFallInTheMonthAndCannotZeroEveryDay() {
        plans.upsert("t1", "a", draft(1, "3000.00", 30), null);
        ApiException outside = assertThrows(ApiException.class, () -> plans.replaceOverrides("t1", "a", 1, APRIL,
                Map.of(LocalDate.of(2025, 5, 1), BigDecimal.ONE)));
        assertThat(outside.field(), is("overrides[0].day"));
        Map<LocalDate, BigDecimal> zero = new HashMap<>();
        for (int d = 1; d <= 30; d++) {
            zero.put(APRIL.atDay(d), BigDecimal.ZERO);
        }
        assertThat(assertThrows(ApiException.class, () -> plans.replaceOverrides("t1", "a", 1, APRIL, zero)).status(), is(422));
        DailyPlan daily = plans.replaceOverrides("t1", "a", 1, APRIL, Map.of(APRIL.atDay(3), new BigDecimal("2")));
        assertThat(daily.days().get(2).gmv(), comparesEqualTo(new BigDecimal("193.55")));
        assertThat(daily.days().stream().map(DayTarget::gmv).reduce(BigDecimal.ZERO, BigDecimal::add),
                comparesEqualTo(new BigDecimal("3000.00")));
    }
}
