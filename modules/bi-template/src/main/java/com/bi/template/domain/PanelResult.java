package com.bi.template.domain;

import java.util.List;

/**
 * One rendered panel. When {@code status} is not OK, {@code message} says why and there are no rows. {@code answer}
 * is the engine's answer (the charts and the typed spreadsheet cells are drawn from it); {@code numeric} says which
 * columns hold numbers.
 */
public record PanelResult(String panelId, String title, PanelKind kind, Status status, String message, DateRange range,
                          List<String> columns, List<Boolean> numeric, List<List<String>> rows, Kpi kpi, MetricAnswer answer) {
    public enum Status { OK, TIMEOUT, ERROR }

    /** The first metric's total, and the comparison period's when the panel compares. */
    public record Kpi(String metric, double value, Double previous, Double changePct) {
    }

    public boolean ok() {
        return status == Status.OK;
    }

    static PanelResult failed(Panel panel, Status status, String message, DateRange range) {
        return new PanelResult(panel.id(), panel.title(), panel.kind(), status, message, range, List.of(), List.of(), List.of(),
                null, null);
    }
}
