package com.bi.server.domain;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/**
 * The template dashboards without I/O: the console's filters as a template's variables, the days a rendering reads,
 * bi-template's panels as typed rows, KPI cards and chart series, and the shared answer cache (hit, invalidation by a
 * covered day only, partial answers never kept, a failing version store skipped).
 */
class TemplateDashboardsUnitTest {
    private static final LocalDate TODAY = LocalDate.parse("2024-07-20");
    private static final DashboardQuery WEEK = DashboardQuery.parse("custom", "2024-06-10", "2024-06-16", "shop-1,shop-2", "tmall", TODAY);

    private static TemplateSource.Spec spec(List<TemplateSource.Variable> variables, TemplateSource.PanelSpec... panels) {
        return new TemplateSource.Spec("t1", "Daily", "REPORT", 3, variables, List.of(panels));
    }

    @Test
    void theFiltersBecomeTheTemplatesVariablesByType() {
        TemplateSource.Spec spec = spec(List.of(new TemplateSource.Variable("period", "RANGE"), new TemplateSource.Variable("stores", "SHOPS"),
                new TemplateSource.Variable("note", "TEXT")));
        assertThat(TemplateDashboards.variables(spec, WEEK), is(Map.of("period", "2024-06-10..2024-06-16", "stores", "shop-1,shop-2")));
        assertThat(TemplateDashboards.applied(spec), is(new TemplateDashboard.Applied(true, true, false)));
        DashboardQuery all = DashboardQuery.parse("yesterday", null, null, null, null, TODAY);
        assertThat(TemplateDashboards.variables(spec, all), is(Map.of("period", "2024-07-19..2024-07-19"))); // all shops: no filter
    }

    @Test
    void theDaysReadAreTheRangeItsComparisonsAndABoundForPanelPresets() {
        TemplateSource.Spec spec = spec(List.of(), new TemplateSource.PanelSpec("k", "KPI", "${range}", "previous_period"),
                new TemplateSource.PanelSpec("y", "BAR", "", "year_over_year"),
                new TemplateSource.PanelSpec("fixed", "LINE", "2023-01-01..2023-01-31", ""));
        assertThat(CachedAnswers.merge(TemplateDashboards.covered(spec, WEEK, TODAY)), contains(
                new CachedAnswers.Days(LocalDate.parse("2023-01-01"), LocalDate.parse("2023-01-31")),
                new CachedAnswers.Days(LocalDate.parse("2023-06-10"), LocalDate.parse("2023-06-16")),
                new CachedAnswers.Days(LocalDate.parse("2024-06-03"), LocalDate.parse("2024-06-16"))));
        // a panel with its own preset (bi-template's, relative to today): this year's days and the last 62
        TemplateSource.Spec trend = spec(List.of(), new TemplateSource.PanelSpec("t", "LINE", "last_30_days", ""));
        assertThat(CachedAnswers.merge(TemplateDashboards.covered(trend, WEEK, TODAY)), contains(
                new CachedAnswers.Days(LocalDate.parse("2024-01-01"), TODAY)));
        assertThat(CachedAnswers.merge(TemplateDashboards.covered(trend, WEEK, LocalDate.parse("2024-01-10"))), contains(
                new CachedAnswers.Days(LocalDate.parse("2023-11-09"), LocalDate.parse("2024-01-10")),
                new CachedAnswers.Days(LocalDate.parse("2024-06-10"), LocalDate.parse("2024-06-16"))));
    }

    @Test
    void aPanelThatDidNotAnswerIsMarkedWithoutData() {
        TemplateDashboard.PanelView p = TemplateDashboards.panel(new TemplateSource.RenderedPanel("k", "Sales", "KPI", "TIMEOUT",
                "no answer within 10000 ms", List.of(), List.of()));
        assertThat(p.status(), is("timeout"));
        assertThat(p.message(), is("no answer within 10000 ms"));
        assertThat(p.kpis(), nullValue());
        assertThat(p.rows(), is(List.of()));
    }

    @Test
    void kpiRowsBecomeCardsWithARelativeChange() {
        TemplateDashboard.PanelView p = TemplateDashboards.panel(new TemplateSource.RenderedPanel("k", "Sales", "KPI", "OK", "",
                List.of("metric", "value", "previous", "change_pct"),
                List.of(List.of("gmv", "150.50", "80.00", "88.1"), List.of("orders", "2", "0", ""))));
        assertThat(p.kpis().get(0).metric(), is("gmv"));
        assertThat(p.kpis().get(0).value(), closeTo(150.5, 1e-9));
        assertThat(p.kpis().get(0).previous(), closeTo(80, 1e-9));
        assertThat(p.kpis().get(0).change(), closeTo(0.881, 1e-9));
        assertThat(p.kpis().get(1).change(), nullValue()); // the previous value is 0: no change
        assertThat(p.rows().get(0), contains("gmv", 150.5, 80.0, 88.1));
    }

    @Test
    void aLineOverDaysAndShopsHasOneSeriesPerShopAndEveryDay() {
        TemplateDashboard.Chart chart = TemplateDashboards.panel(new TemplateSource.RenderedPanel("d", "Daily", "LINE", "OK", "",
                List.of("day", "shop", "gmv"), List.of(List.of("2024-06-10", "a", "1.00"), List.of("2024-06-12", "b", "2.50"),
                        List.of("2024-06-12", "a", "3.00")))).chart();
        assertThat(chart.type(), is("line"));
        assertThat(chart.x(), contains("2024-06-10", "2024-06-11", "2024-06-12"));
        assertThat(chart.series().get(0), is(new TemplateDashboard.Series("a", null, List.of(1.0, 0.0, 3.0))));
        assertThat(chart.series().get(1), is(new TemplateDashboard.Series("b", null, List.of(0.0, 0.0, 2.5))));
    }

    @Test
    void aBarOfOneDimensionHasOneSeriesPerMetricWithoutTheComparisonColumns() {
        TemplateDashboard.Chart chart = TemplateDashboards.panel(new TemplateSource.RenderedPanel("b", "Shops", "BAR", "OK", "",
                List.of("shop", "gmv", "refund_amount", "gmv_previous"), List.of(List.of("天猫店", "9.00", "1.00", "4.00")))).chart();
        assertThat(chart.type(), is("bar"));
        assertThat(chart.x(), contains("天猫店"));
        assertThat(chart.series(), contains(new TemplateDashboard.Series("gmv", "gmv", List.of(9.0)),
                new TemplateDashboard.Series("refund_amount", "refund_amount", List.of(1.0))));
    }

    /** An in-memory cache and version store: what the shared cache does with them. */
    @Test
    void answersAreKeptUntilACoveredDayChangesAndOnlyWhenComplete() {
        Map<String, byte[]> store = new HashMap<>();
        AtomicInteger skipped = new AtomicInteger();
        AnswerCache cache = new AnswerCache() {
            public Optional<byte[]> get(String key) {
                return Optional.ofNullable(store.get(key));
            }

            public void put(String key, byte[] answer) {
                store.put(key, answer);
            }

            public void skipped() {
                skipped.incrementAndGet();
            }
        };
        Map<LocalDate, Integer> versions = new HashMap<>();
        boolean[] failing = {false};
        CachedAnswers answers = new CachedAnswers(cache, (tenant, from, to) -> {
            if (failing[0]) {
                throw new IllegalStateException("redis down");
            }
            StringBuilder stamp = new StringBuilder();
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                stamp.append(versions.getOrDefault(d, 0)).append('.');
            }
            return stamp.toString();
        });
        List<CachedAnswers.Days> days = List.of(new CachedAnswers.Days(LocalDate.parse("2024-06-10"), LocalDate.parse("2024-06-16")));
        AtomicInteger composed = new AtomicInteger();
        java.util.function.Supplier<CachedAnswers.Composed> compose = () -> new CachedAnswers.Composed(
                ("answer " + composed.incrementAndGet()).getBytes(StandardCharsets.UTF_8), true);

        assertThat(answers.answer("a", "q", days, compose).cached(), is(false));
        CachedAnswers.Answer hit = answers.answer("a", "q", days, compose);
        assertThat(hit.cached(), is(true));
        assertThat(new String(hit.body(), StandardCharsets.UTF_8), is("answer 1"));
        assertThat(answers.answer("b", "q", days, compose).cached(), is(false)); // another tenant: its own answer
        versions.put(LocalDate.parse("2024-07-01"), 1); // a day not covered
        assertThat(answers.answer("a", "q", days, compose).cached(), is(true));
        versions.put(LocalDate.parse("2024-06-12"), 1); // a covered day
        assertThat(answers.answer("a", "q", days, compose).cached(), is(false));

        assertThat(answers.answer("a", "partial", days, () -> new CachedAnswers.Composed(new byte[0], false)).cached(), is(false));
        assertThat(answers.answer("a", "partial", days, () -> new CachedAnswers.Composed(new byte[0], false)).cached(), is(false));

        failing[0] = true;
        assertThat(answers.answer("a", "q", days, compose).cached(), is(false)); // composed fresh, not from a stale key
        assertThat(skipped.get(), is(1));
    }
}
