package com.bi.template.domain;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import com.bi.common.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rendering orchestration: panels in parallel, a slow panel marked TIMEOUT, a failing one ERROR, the others kept. */
class RendererUnitTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);
    private static final RenderContext CONTEXT = new RenderContext("tenant-a", "token");

    private static Template template(Panel... panels) {
        TemplateDraft d = Fixtures.draft(panels);
        return new Template("t1", "tenant-a", d.name(), null, d.kind(), null, "u1", d.variables(), d.panels(), null, d.sharing(), 1,
                java.time.Instant.EPOCH);
    }

    private static Panel table(String id, String dimension) {
        return new Panel(id, id, PanelKind.TABLE, new PanelQuery(List.of("gmv"), List.of(dimension), List.of(), null, List.of(), null,
                "${range}"));
    }

    private static MetricAnswer answer(String dimension, String value, double gmv) {
        return new MetricAnswer(List.of(new MetricAnswer.Row(Map.of(dimension, value), Map.of("gmv", gmv), null)), Map.of("gmv", gmv),
                Map.of(), "Asia/Shanghai");
    }

    @Test
    void aSlowPanelIsMarkedTimeoutAFailingOneErrorAndTheOthersAreKept() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch slowInterrupted = new CountDownLatch(1);
        CyclicBarrier together = new CyclicBarrier(2); // shop and platform only pass it when they run at the same time
        MetricSource source = (context, request, timeout) -> {
            String dimension = request.dimensions().getFirst();
            try {
                switch (dimension) {
                    case "sku" -> {
                        try {
                            never.await();
                        } catch (InterruptedException e) {
                            slowInterrupted.countDown();
                            throw e;
                        }
                    }
                    case "category" -> throw ApiException.badRequest("query", "bi-analysis refused the query: boom");
                    default -> together.await(5, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                if (e instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e);
            }
            return answer(dimension, "天猫旗舰店", 1234.5);
        };
        Template t = template(table("by_shop", "shop"), table("slow", "sku"), table("broken", "category"), table("by_platform", "platform"));
        Rendering r = new Renderer(source, Duration.ofMillis(1500)).render(t, Bindings.resolve(t, Map.of(), TODAY), TODAY,
                "Asia/Shanghai", CONTEXT);

        assertTrue(r.partial());
        assertEquals(PanelResult.Status.OK, r.panel("by_shop").status());
        assertEquals(List.of(List.of("天猫旗舰店", "1234.50")), r.panel("by_shop").rows());
        assertEquals(PanelResult.Status.OK, r.panel("by_platform").status());
        assertEquals(PanelResult.Status.TIMEOUT, r.panel("slow").status());
        assertThat(r.panel("slow").message(), containsString("1500 ms"));
        assertEquals(PanelResult.Status.ERROR, r.panel("broken").status());
        assertThat(r.panel("broken").message(), containsString("boom"));
        assertEquals(List.of(), r.panel("broken").rows());
        assertTrue(slowInterrupted.await(5, TimeUnit.SECONDS), "the timed-out panel's thread is interrupted");
        assertEquals(List.of("by_shop", "slow", "broken", "by_platform"), r.panels().stream().map(PanelResult::panelId).toList());
    }

    @Test
    void variablesBecomeFiltersAndAnEmptyListMeansNoFilter() {
        Map<String, MetricRequest> seen = new ConcurrentHashMap<>();
        MetricSource source = (context, request, timeout) -> {
            seen.put(context.tenantId() + ":" + request.filters().size(), request);
            return new MetricAnswer(List.of(), Map.of("gmv", 200.0, "orders", 4.0), Map.of("gmv", 100.0, "orders", 0.0), "Asia/Shanghai");
        };
        Template t = template(Fixtures.kpi("k"));
        Renderer renderer = new Renderer(source, Duration.ofSeconds(5));
        Rendering all = renderer.render(t, Bindings.resolve(t, Map.of(), TODAY), TODAY, "Asia/Shanghai", CONTEXT);
        MetricRequest unfiltered = seen.get("tenant-a:0");
        assertEquals(LocalDate.of(2026, 12, 1), unfiltered.from());
        assertEquals(LocalDate.of(2026, 12, 1), unfiltered.to());
        assertEquals("previous_period", unfiltered.compare());
        assertFalse(all.partial());
        PanelResult.Kpi kpi = all.panel("k").kpi();
        assertEquals("gmv", kpi.metric());
        assertEquals(200.0, kpi.value());
        assertEquals(100.0, kpi.previous());
        assertEquals(100.0, kpi.changePct());
        assertEquals(List.of("orders", "4", "0", ""), all.panel("k").rows().get(1), "no change when the previous value is zero");

        renderer.render(t, Bindings.resolve(t, Map.of("shops", "s1, 天猫店", "range", "last_7_days"), TODAY), TODAY, "Asia/Shanghai", CONTEXT);
        MetricRequest filtered = seen.get("tenant-a:1");
        assertEquals(List.of(new PanelQuery.Filter("shop", "in", List.of("s1", "天猫店"))), filtered.filters());
        assertEquals(LocalDate.of(2026, 11, 25), filtered.from());
    }

    @Test
    void unknownOrMissingVariablesAre400NamingThem() {
        Template t = template(Fixtures.kpi("k"));
        ApiException unknown = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                () -> Bindings.resolve(t, Map.of("region", "east"), TODAY));
        assertEquals(400, unknown.status());
        assertEquals("variables.region", unknown.field());
        Template required = new Template("t2", "tenant-a", "x", null, TemplateKind.REPORT, null, "u", List.of(Fixtures.RANGE,
                new Variable("platform", VariableType.PLATFORM, null, true)), List.of(Fixtures.kpi("k")), null, Sharing.PRIVATE, 1,
                java.time.Instant.EPOCH);
        assertEquals("variables.platform", org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                () -> Bindings.resolve(required, Map.of(), TODAY)).field());
        assertEquals("variables.platform", org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                () -> Bindings.resolve(required, Map.of("platform", "AMAZON"), TODAY)).field());
        assertEquals(Set.of("TMALL"), Set.copyOf(Bindings.resolve(required, Map.of("platform", "tmall"), TODAY).values().get("platform")));
        assertNull(Bindings.resolve(template(new Panel("fixed", "f", PanelKind.KPI, new PanelQuery(List.of("gmv"), List.of(), List.of(),
                null, List.of(), null, "last_month"))), Map.of(), TODAY).values().get("range"));
    }
}
