package com.bi.template.domain;

import java.util.List;
import java.util.Map;

import com.bi.common.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A template is checked against the metric catalog on save: 422 naming the panel and the field. */
class TemplateValidationUnitTest {
    private static ApiException refused(TemplateDraft draft) {
        ApiException e = assertThrows(ApiException.class, () -> TemplateValidation.validate(draft));
        assertEquals(422, e.status(), e.getMessage());
        return e;
    }

    private static Panel withQuery(PanelKind kind, PanelQuery query) {
        return new Panel("p2", "Second", kind, query);
    }

    @Test
    void everyStarterIsValid() {
        Starters.ALL.forEach(s -> TemplateValidation.validate(s.draft()));
    }

    @Test
    void aNullPanelOrVariableIsRefusedNamingTheElement() {
        // hostile input: {"panels":[null]} and {"variables":[null]} were a NullPointerException (500) in the draft itself
        assertEquals("panels[0]", refused(new TemplateDraft("Sales", null, TemplateKind.REPORT, List.of(),
                java.util.Arrays.asList((Panel) null), null, null)).field());
        assertEquals("variables[0].name", refused(new TemplateDraft("Sales", null, TemplateKind.REPORT,
                java.util.Arrays.asList((Variable) null), List.of(Fixtures.kpi("p1")), null, null)).field());
    }

    @Test
    void aNullSharingRoleIsRefusedNamingTheField() {
        // hostile input: PUT .../sharing {"view_roles":[null]} was a NullPointerException (500) in Set.copyOf
        java.util.Set<String> withNull = new java.util.HashSet<>(java.util.Arrays.asList("VIEWER", null));
        ApiException view = assertThrows(ApiException.class, () -> new Sharing(withNull, java.util.Set.of()));
        assertEquals(422, view.status());
        assertEquals("sharing.view_roles", view.field());
        assertEquals("sharing.edit_roles", assertThrows(ApiException.class, () -> new Sharing(java.util.Set.of(), withNull)).field());
    }

    @Test
    void unknownMetricNamesPanelAndField() {
        ApiException e = refused(Fixtures.draft(Fixtures.kpi("p1"), withQuery(PanelKind.TABLE,
                new PanelQuery(List.of("gmv", "profit"), List.of("shop"), List.of(), null, List.of(), null, "${range}"))));
        assertEquals("panels[1].query.metrics[1]", e.field());
        assertThat(e.getMessage(), containsString("panel 'p2'"));
        assertThat(e.getMessage(), containsString("profit"));
    }

    @Test
    void unknownDimensionAndTwoTimeDimensions() {
        assertEquals("panels[1].query.dimensions[0]", refused(Fixtures.draft(Fixtures.kpi("p1"), withQuery(PanelKind.TABLE,
                new PanelQuery(List.of("gmv"), List.of("hour"), List.of(), null, List.of(), null, "${range}")))).field());
        assertEquals("panels[1].query.dimensions", refused(Fixtures.draft(Fixtures.kpi("p1"), withQuery(PanelKind.TABLE,
                new PanelQuery(List.of("gmv"), List.of("day", "week"), List.of(), null, List.of(), null, "${range}")))).field());
    }

    @Test
    void unknownVariableInAFilter() {
        ApiException e = refused(Fixtures.draft(withQuery(PanelKind.TABLE, new PanelQuery(List.of("gmv"), List.of("shop"),
                List.of(new PanelQuery.Filter("platform", "in", List.of("${platforms}"))), null, List.of(), null, "${range}"))));
        assertEquals("panels[0].query.filters[0].values[0]", e.field());
        assertThat(e.getMessage(), containsString("platforms"));
    }

    @Test
    void panelShapesFollowTheirKind() {
        assertEquals("panels[1].query.dimensions", refused(Fixtures.draft(Fixtures.kpi("p1"), withQuery(PanelKind.KPI,
                new PanelQuery(List.of("gmv"), List.of("shop"), List.of(), null, List.of(), null, "${range}")))).field());
        assertEquals("panels[1].query.dimensions", refused(Fixtures.draft(Fixtures.kpi("p1"), withQuery(PanelKind.LINE,
                new PanelQuery(List.of("gmv"), List.of("shop"), List.of(), null, List.of(), null, "${range}")))).field());
        assertEquals("panels[1].query.dimensions", refused(Fixtures.draft(Fixtures.kpi("p1"), withQuery(PanelKind.BAR,
                new PanelQuery(List.of("gmv"), List.of(), List.of(), null, List.of(), null, "${range}")))).field());
    }

    @Test
    void orderByLimitCompareAndRange() {
        assertEquals("panels[1].query.order_by[0].field", refused(Fixtures.draft(Fixtures.kpi("p1"), withQuery(PanelKind.TABLE,
                new PanelQuery(List.of("gmv"), List.of("shop"), List.of(), null, List.of(new PanelQuery.Sort("units", "desc")), null,
                        "${range}")))).field());
        assertEquals("panels[1].query.limit", refused(Fixtures.draft(Fixtures.kpi("p1"), withQuery(PanelKind.TABLE,
                new PanelQuery(List.of("gmv"), List.of("shop"), List.of(), null, List.of(), 10_001, "${range}")))).field());
        assertEquals("panels[1].query.compare", refused(Fixtures.draft(Fixtures.kpi("p1"), withQuery(PanelKind.TABLE,
                new PanelQuery(List.of("gmv"), List.of("shop"), List.of(), "last_year", List.of(), null, "${range}")))).field());
        assertEquals("panels[1].query.range", refused(Fixtures.draft(Fixtures.kpi("p1"), withQuery(PanelKind.TABLE,
                new PanelQuery(List.of("gmv"), List.of("shop"), List.of(), null, List.of(), null, "last_fortnight")))).field());
        assertEquals("panels[1].query.range", refused(Fixtures.draft(Fixtures.kpi("p1"), withQuery(PanelKind.TABLE,
                new PanelQuery(List.of("gmv"), List.of("shop"), List.of(), null, List.of(), null, "${shops}")))).field());
    }

    @Test
    void duplicatePanelIdsScheduleAndSharing() {
        assertEquals("panels[1].id", refused(Fixtures.draft(Fixtures.kpi("p1"), Fixtures.kpi("p1"))).field());
        TemplateDraft base = Fixtures.draft(Fixtures.kpi("p1"));
        assertEquals("schedule.channel_ids", refused(new TemplateDraft(base.name(), null, base.kind(), base.variables(), base.panels(),
                new Schedule("DAILY", List.of(), Map.of(), List.of()), base.sharing())).field());
        assertEquals("schedule.variables.region", refused(new TemplateDraft(base.name(), null, base.kind(), base.variables(),
                base.panels(), new Schedule("DAILY", List.of("ch-1"), Map.of("region", "east"), List.of()), base.sharing())).field());
        assertEquals("schedule.variables.range", refused(new TemplateDraft(base.name(), null, base.kind(), base.variables(),
                base.panels(), new Schedule("DAILY", List.of("ch-1"), Map.of("range", "soon"), List.of()), base.sharing())).field());
        assertEquals("schedule.formats[0]", refused(new TemplateDraft(base.name(), null, base.kind(), base.variables(),
                base.panels(), new Schedule("DAILY", List.of("ch-1"), Map.of(), List.of("PDF")), base.sharing())).field());
        assertEquals("sharing.edit_roles", refused(new TemplateDraft(base.name(), null, base.kind(), base.variables(), base.panels(),
                null, new Sharing(java.util.Set.of(), java.util.Set.of("VIEWER")))).field());
        assertEquals("name", refused(new TemplateDraft(" ", null, base.kind(), base.variables(), base.panels(), null, null)).field());
    }

    @Test
    void aPanelWithoutRangeNeedsTheTemplatesRangeVariable() {
        TemplateDraft noRange = new TemplateDraft("x", null, TemplateKind.REPORT, List.of(Fixtures.SHOPS),
                List.of(Fixtures.kpi("p1")), null, null);
        assertEquals("panels[0].query.range", refused(noRange).field());
    }
}
