package com.bi.analysis.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.bi.analysis.domain.rollup.ShopDay;
import com.bi.common.error.ApiException;
import com.bi.common.security.Caller;
import com.bi.common.security.Roles;
import com.bi.orders.OrderEvent;
import com.bi.orders.OrderLine;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** bi-analysis's use cases over in-memory repositories: who may ingest, what a query may cost, zone changes. */
class AnalysisUnitTest {
    private final InMemoryOrderStore store = new InMemoryOrderStore();
    private final InMemoryRollupJobs jobs = new InMemoryRollupJobs(store);
    private final List<String> askedTenants = new ArrayList<>();
    private final MetricReader reader = (tenant, query) -> {
        askedTenants.add(tenant);
        return new QueryResult(List.of(), Map.of(), null, "rollup_shop_day", "UTC", query.from().toString(), query.to().toString(), null, null);
    };
    private final Analysis analysis = new Analysis(store, reader, store::zone, jobs, new QueryLimits(400, 31, Duration.ofSeconds(1)));

    private static final Caller CONNECTOR = new Caller("t1", "svc", Set.of(Roles.SERVICE));
    private static final Caller VIEWER = new Caller("t1", "u1", Set.of(Roles.VIEWER));

    private static OrderEvent order(String tenant, String id, String payTime) {
        return new OrderEvent(tenant, "JST", id, "shop-1", "TMALL", Instant.parse(payTime), Instant.parse(payTime), "PAID", "b",
                new BigDecimal("10.00"), null, null, null, Instant.parse(payTime), 1,
                List.of(new OrderLine("SKU-A", "c", 1, new BigDecimal("10.00"), BigDecimal.ZERO)));
    }

    private static MetricQuery query(String metric, String dimension, String from, String to) {
        return MetricQuery.of(new MetricQuery.Input(List.of(metric), dimension == null ? List.of() : List.of(dimension), from, to,
                null, null, null, null, null));
    }

    @Test
    void onlyMachinesAndAdminsIngestAndOnlyIntoTheirOwnTenant() {
        ApiException refused = assertThrows(ApiException.class, () -> analysis.ingest(VIEWER, List.of(order("t1", "o1", "2024-06-01T02:00:00Z"))));
        assertThat(refused.status(), is(403));
        assertThat(store.order("t1", "JST", "o1").isPresent(), is(false));

        IngestResult result = analysis.ingest(CONNECTOR, List.of(order("t1", "o1", "2024-06-01T02:00:00Z")));
        assertThat(result, is(new IngestResult(1, 0)));
        assertThat(store.order("t1", "JST", "o1").orElseThrow().payDay(), is(LocalDate.of(2024, 6, 1)));

        // an order naming another tenant is not written into the caller's
        assertThrows(IllegalArgumentException.class, () -> analysis.ingest(CONNECTOR, List.of(order("t2", "o2", "2024-06-01T02:00:00Z"))));
        assertThat(store.order("t2", "JST", "o2").isPresent(), is(false));
    }

    @Test
    void aBatchOverTheCapIsA400AndWritesNothing() {
        List<OrderEvent> many = new ArrayList<>();
        for (int i = 0; i <= Analysis.MAX_INGEST; i++) {
            many.add(order("t1", "o" + i, "2024-06-01T02:00:00Z"));
        }
        ApiException e = assertThrows(ApiException.class, () -> analysis.ingest(CONNECTOR, many));
        assertThat(e.status(), is(400));
        assertThat(store.order("t1", "JST", "o0").isPresent(), is(false));
    }

    @Test
    void queriesRunForTheCallersTenantWithinTheDeclaredLimits() {
        analysis.query(VIEWER, query("gmv", "day", "2024-01-01", "2024-12-31"));
        assertThat(askedTenants, contains("t1"));

        ApiException tooLong = assertThrows(ApiException.class, () -> analysis.query(VIEWER, query("gmv", null, "2023-01-01", "2024-12-31")));
        assertThat(tooLong.status(), is(400));
        assertThat(tooLong.getMessage(), containsString("400 days"));

        // distinct buyers are counted from the facts: a shorter limit applies
        ApiException facts = assertThrows(ApiException.class, () -> analysis.query(VIEWER, query("buyers", null, "2024-01-01", "2024-02-15")));
        assertThat(facts.getMessage(), containsString("31 days"));
        analysis.query(VIEWER, query("buyers", null, "2024-01-01", "2024-01-31"));
        assertThat(askedTenants.size(), is(2));
    }

    @Test
    void aZoneChangeQueuesOneRebuildThatMovesThePayDays() {
        analysis.ingest(CONNECTOR, List.of(order("t1", "o1", "2024-06-01T17:00:00Z"))); // June 2 in Shanghai
        assertThat(store.shopRollup("t1").firstKey(), is(new ShopDay(LocalDate.of(2024, 6, 2), "shop-1")));

        RollupJobs.ZoneChange change = analysis.setZone("t1", ZoneId.of("UTC"));
        assertThat(change.changed(), is(true));
        assertThat(analysis.rebuild("t1", "manual").id(), is(change.rebuild().orElseThrow().id())); // joins the waiting one
        assertThat(analysis.setZone("t1", ZoneId.of("UTC")).rebuild().isPresent(), is(false));

        assertThat(jobs.runNext(), is(true));
        assertThat(jobs.runNext(), is(false));
        assertThat(store.shopRollup("t1").firstKey(), is(new ShopDay(LocalDate.of(2024, 6, 1), "shop-1")));
        assertThat(store.order("t1", "JST", "o1").orElseThrow().payDay(), is(LocalDate.of(2024, 6, 1)));
    }

    @Test
    void metricQuestionsAreValidatedBeforeAnyReaderSeesThem() {
        ApiException unknown = assertThrows(ApiException.class, () -> query("profit", null, "2024-01-01", "2024-01-02"));
        assertThat(unknown.getMessage(), containsString("profit"));
        ApiException reversed = assertThrows(ApiException.class, () -> query("gmv", null, "2024-02-01", "2024-01-01"));
        assertThat(reversed.getMessage(), containsString("before"));
        ApiException twoTimes = assertThrows(ApiException.class, () -> MetricQuery.of(new MetricQuery.Input(List.of("gmv"),
                List.of("day", "month"), "2024-01-01", "2024-01-02", null, null, null, null, null)));
        assertThat(twoTimes.getMessage(), containsString("at most one"));
        assertThat(askedTenants, is(empty()));
    }

    @Test
    void aQueryNeedsTheFactsOnlyForDistinctCounts() {
        assertThat(query("gmv", "sku", "2024-01-01", "2024-01-02").needsFacts(), is(false));
        assertThat(query("buyers", null, "2024-01-01", "2024-01-02").needsFacts(), is(true));
        assertThat(query("orders", "category", "2024-01-01", "2024-01-02").needsFacts(), is(true));
        assertThat(query("orders", "sku", "2024-01-01", "2024-01-02").needsFacts(), is(false));
        MetricQuery yoy = MetricQuery.of(new MetricQuery.Input(List.of("gmv"), List.of(), "2024-03-01", "2024-03-31", null,
                "year_over_year", null, null, null));
        assertThat(List.of(yoy.compareRange()), contains(LocalDate.of(2023, 3, 1), LocalDate.of(2023, 3, 31)));
    }
}
