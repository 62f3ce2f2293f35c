package com.bi.analysis.domain.rollup;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.bi.orders.OrderEvent;
import org.junit.jupiter.api.Test;

import static com.bi.analysis.domain.rollup.Orders.T0;
import static com.bi.analysis.domain.rollup.Orders.line;
import static com.bi.analysis.domain.rollup.Orders.order;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Last-modified-wins, in-batch de-duplication and the rollup contribution arithmetic, decided without a database:
 * {@link OrderBatch#against} is given what is "stored" and says what to write.
 */
class RollupRulesUnitTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final LocalDate JUNE_1 = LocalDate.of(2024, 6, 1);
    private static final LocalDate JUNE_2 = LocalDate.of(2024, 6, 2);

    private static IngestPlan ingest(Map<OrderKey, StoredOrder> stored, Orders... orders) {
        List<OrderEvent> events = java.util.Arrays.stream(orders).map(Orders::event).toList();
        return OrderBatch.of("t1", events).against(stored, SHANGHAI);
    }

    /** The state a store keeps after applying {@code o} in {@code zone}. */
    private static Map<OrderKey, StoredOrder> stored(Orders o, ZoneId zone) {
        OrderEvent e = o.event();
        return Map.of(OrderKey.of(e), new StoredOrder(e.shopId(), e.platform(), e.counted(), Contribution.payDay(e, zone),
                e.payAmount(), e.refundAmount(), Contribution.units(e.items()), LastModifiedWins.stored(e.modifiedTime()),
                e.version(), e.items()));
    }

    private static Map<OrderKey, StoredOrder> stored(Orders o) {
        return stored(o, SHANGHAI);
    }

    private static Measures m(String platform, String category, String gmv, long orders, long units, String refund) {
        return new Measures(platform, category, new BigDecimal(gmv), orders, units, new BigDecimal(refund));
    }

    @Test
    void aNewOrderCountsOnceOnItsShopDayAndOncePerSkuEvenOnTwoLines() {
        Orders o = order("o1").pay("150.00").lines(line("SKU-A", "shoes", 1, "60.00"), line("SKU-A", "shoes", 2, "40.00"),
                line("SKU-B", "socks", 3, "50.00"));
        IngestPlan plan = ingest(Map.of(), o);

        assertThat(plan.result().applied(), is(1));
        assertThat(plan.replace(), is(empty()));
        assertThat(plan.shopDeltas(), is(Map.of(new ShopDay(JUNE_1, "shop-1"), m("TMALL", null, "150.00", 1, 6, "0"))));
        assertThat(plan.skuDeltas(), is(Map.of(
                new SkuDay(JUNE_1, "shop-1", "SKU-A"), m("TMALL", "shoes", "100.00", 1, 3, "0"),
                new SkuDay(JUNE_1, "shop-1", "SKU-B"), m("TMALL", "socks", "50.00", 1, 3, "0"))));
    }

    @Test
    void anOrderMovingToAnotherShopSkuAndDayLeavesTheOldRowsAndJoinsTheNew() {
        Orders v1 = order("o1");
        Orders v2 = v1.shop("shop-2").paidAt(T0.plusSeconds(86_400)).lines(line("SKU-B", "socks", 2, "100.00"))
                .modified(T0.plusSeconds(60), 2);
        IngestPlan plan = ingest(stored(v1), v2);

        assertThat(plan.replace().size(), is(1));
        assertThat(plan.shopDeltas(), is(Map.of(
                new ShopDay(JUNE_1, "shop-1"), m("TMALL", null, "-100.00", -1, -1, "0"),
                new ShopDay(JUNE_2, "shop-2"), m("TMALL", null, "100.00", 1, 2, "0"))));
        assertThat(plan.skuDeltas(), is(Map.of(
                new SkuDay(JUNE_1, "shop-1", "SKU-A"), m("TMALL", "shoes", "-100.00", -1, -1, "0"),
                new SkuDay(JUNE_2, "shop-2", "SKU-B"), m("TMALL", "socks", "100.00", 1, 2, "0"))));
    }

    @Test
    void aRefundArrivingLaterChangesOnlyTheRefundOfTheOriginalPayDay() {
        Orders paid = order("o1");
        Orders refunded = paid.status("REFUNDED").refund("30.00").lines(line("SKU-A", "shoes", 1, "100.00", "30.00"))
                .modified(T0.plusSeconds(7 * 86_400), 2);
        IngestPlan plan = ingest(stored(paid), refunded);

        assertThat(plan.shopDeltas(), is(Map.of(new ShopDay(JUNE_1, "shop-1"), m("TMALL", null, "0.00", 0, 0, "30.00"))));
        assertThat(plan.skuDeltas(), is(Map.of(new SkuDay(JUNE_1, "shop-1", "SKU-A"), m("TMALL", "shoes", "0.00", 0, 0, "30.00"))));
    }

    @Test
    void aNewerStateWithTheSameFiguresIsStoredButWritesNoRollupRow() {
        Orders v1 = order("o1");
        IngestPlan plan = ingest(stored(v1), v1.status("SHIPPED").modified(T0.plusSeconds(1), 1));

        assertThat(plan.result().applied(), is(1));
        assertThat(plan.shopDeltas().isEmpty(), is(true));
        assertThat(plan.skuDeltas().isEmpty(), is(true));
    }

    @Test
    void aCancellationRemovesTheContributionAndAPaymentAddsIt() {
        Orders paid = order("o1");
        IngestPlan cancel = ingest(stored(paid), paid.status("CANCELLED").modified(T0.plusSeconds(1), 2));
        assertThat(cancel.shopDeltas(), is(Map.of(new ShopDay(JUNE_1, "shop-1"), m("TMALL", null, "-100.00", -1, -1, "0"))));

        Orders created = order("o2").paidAt(null).status("CREATED");
        IngestPlan pay = ingest(stored(created), order("o2").modified(T0.plusSeconds(1), 2));
        assertThat(pay.replace().size(), is(1));
        assertThat(pay.shopDeltas(), is(Map.of(new ShopDay(JUNE_1, "shop-1"), m("TMALL", null, "100.00", 1, 1, "0"))));
    }

    @Test
    void anOlderOrEqualStateIsIgnoredAndAHigherVersionAtTheSameTimeWins() {
        Orders stored = order("o1").modified(T0.plusSeconds(10), 5);
        assertThat(ingest(stored(stored), stored.pay("1.00").modified(T0.plusSeconds(9), 9)).result().ignored(), is(1));
        IngestPlan equal = ingest(stored(stored), stored.pay("1.00"));
        assertThat(equal.result().ignored(), is(1));
        assertThat(equal.apply(), is(empty()));
        assertThat(ingest(stored(stored), stored.pay("1.00").modified(T0.plusSeconds(10), 4)).result().ignored(), is(1));

        IngestPlan higher = ingest(stored(stored), stored.pay("1.00").modified(T0.plusSeconds(10), 6));
        assertThat(higher.result().applied(), is(1));
        assertThat(higher.shopDeltas().get(new ShopDay(JUNE_1, "shop-1")).gmv(), is(new BigDecimal("-99.00")));
    }

    @Test
    void timesCompareAtTheStoresMicrosecondsSoNanosecondsDoNotMakeAReplayNewer() {
        Orders stored = order("o1").modified(T0.plusNanos(1_000), 1);
        IngestPlan replay = ingest(stored(stored), stored.pay("1.00").modified(T0.plusNanos(1_999), 1));
        assertThat(replay.result().ignored(), is(1));
        IngestPlan later = ingest(stored(stored), stored.pay("1.00").modified(T0.plusNanos(2_000), 1));
        assertThat(later.result().applied(), is(1));
    }

    @Test
    void withinOneBatchTheNewestCopyWinsWhateverItsPositionAndTheOthersCountAsIgnored() {
        Orders base = order("o1");
        IngestPlan plan = ingest(Map.of(), base.pay("10.00").modified(T0.plusSeconds(1), 1),
                base.pay("30.00").modified(T0.plusSeconds(3), 1), base.pay("20.00").modified(T0.plusSeconds(2), 1),
                base.pay("40.00").modified(T0.plusSeconds(3), 1), order("o2"));

        assertThat(plan.result().applied(), is(2));
        assertThat(plan.result().ignored(), is(3));
        assertThat(plan.apply().stream().map(OrderEvent::payAmount).toList(), contains(new BigDecimal("30.00"), new BigDecimal("100.00")));
        assertThat(plan.shopDeltas().get(new ShopDay(JUNE_1, "shop-1")).gmv(), is(new BigDecimal("130.00")));
    }

    @Test
    void aBatchOfCopiesOfTheStoredStateChangesNothing() {
        Orders o = order("o1");
        IngestPlan plan = ingest(stored(o), o, o, o);
        assertThat(plan.result().applied(), is(0));
        assertThat(plan.result().ignored(), is(3));
        assertThat(plan.writesNothing(), is(true));
    }

    @Test
    void theTenantsZoneDecidesThePayDay() {
        Orders lateEvening = order("o1").paidAt(Instant.parse("2024-06-01T17:00:00Z"));
        IngestPlan shanghai = OrderBatch.of("t1", List.of(lateEvening.event())).against(Map.of(), SHANGHAI);
        IngestPlan utc = OrderBatch.of("t1", List.of(lateEvening.event())).against(Map.of(), ZoneOffset.UTC);
        assertThat(shanghai.shopDeltas().firstKey(), is(new ShopDay(JUNE_2, "shop-1")));
        assertThat(utc.shopDeltas().firstKey(), is(new ShopDay(JUNE_1, "shop-1")));
    }

    @Test
    void afterAZoneChangeAnUpdateLeavesTheDayItWasStoredOnAndJoinsTheDayInTheNewZone() {
        Orders v1 = order("o1").paidAt(Instant.parse("2024-06-01T17:00:00Z"));
        Map<OrderKey, StoredOrder> storedInUtc = stored(v1, ZoneOffset.UTC);
        IngestPlan plan = OrderBatch.of("t1", List.of(v1.refund("5.00").modified(T0.plusSeconds(1), 2).event()))
                .against(storedInUtc, SHANGHAI);
        assertThat(plan.shopDeltas(), is(Map.of(
                new ShopDay(JUNE_1, "shop-1"), m("TMALL", null, "-100.00", -1, -1, "0"),
                new ShopDay(JUNE_2, "shop-1"), m("TMALL", null, "100.00", 1, 1, "5.00"))));
    }

    @Test
    void anOrderOfAnotherTenantInTheBatchIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OrderBatch.of("t1", List.of(order("o1").event(), order("o2").tenant("t2").event())));
        assertThat(e.getMessage(), containsString("t2"));
    }

    @Test
    void anUncountedOrderContributesNothing() {
        assertThat(Contribution.of(order("o1").paidAt(null).status("CREATED").event(), SHANGHAI).isPresent(), is(false));
        assertThat(Contribution.payDay(order("o1").status("CANCELLED").event(), SHANGHAI), is(nullValue()));
    }
}
