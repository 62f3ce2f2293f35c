package com.bi.template.domain;

import java.util.List;
import java.util.Set;

/** Small templates for the unit tests. */
final class Fixtures {
    private Fixtures() {
    }

    static final Variable RANGE = new Variable("range", VariableType.RANGE, "yesterday", false);
    static final Variable SHOPS = new Variable("shops", VariableType.SHOPS, null, false);

    static Panel kpi(String id) {
        return new Panel(id, "KPI " + id, PanelKind.KPI, new PanelQuery(List.of("gmv", "orders"), List.of(),
                List.of(new PanelQuery.Filter("shop", "in", List.of("${shops}"))), "previous_period", List.of(), null, "${range}"));
    }

    static Panel table(String id) {
        return new Panel(id, "Table " + id, PanelKind.TABLE, new PanelQuery(List.of("gmv"), List.of("shop"), List.of(), null,
                List.of(new PanelQuery.Sort("gmv", "desc")), 10, "${range}"));
    }

    static TemplateDraft draft(Panel... panels) {
        return new TemplateDraft("Sales", null, TemplateKind.REPORT, List.of(RANGE, SHOPS), List.of(panels), null,
                new Sharing(Set.of("VIEWER"), Set.of()));
    }
}
