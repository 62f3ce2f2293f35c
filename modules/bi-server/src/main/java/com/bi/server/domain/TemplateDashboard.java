package com.bi.server.domain;

import java.time.LocalDate;
import java.util.List;

/**
 * A bi-template template rendered as a dashboard: the period and filters it was rendered with, which of them the
 * template takes ({@code applied}), and its panels. {@code partial} is true when a panel timed out or failed (such an
 * answer is never cached).
 */
public record TemplateDashboard(Template template, String range, LocalDate from, LocalDate to, String timeZone, List<String> shops,
                                String platform, Applied applied, boolean partial, List<PanelView> panels) {
    public record Template(String id, String name, String kind, long version) {
    }

    /** Whether the template declares a variable for the range, the shops and the platform (else that filter is ignored). */
    public record Applied(boolean range, boolean shops, boolean platform) {
    }

    /**
     * One panel: {@code status} ok, timeout or error (then {@code message} says why and there is no data); KPI panels
     * carry {@code kpis}, LINE and BAR panels a {@code chart}; every OK panel its {@code columns} and typed {@code rows}.
     */
    public record PanelView(String id, String title, String kind, String status, String message, List<Kpi> kpis,
                            List<String> columns, List<List<Object>> rows, Chart chart) {
    }

    /** A KPI: the value, the comparison period's (null when the panel does not compare) and the relative change (null when undefined). */
    public record Kpi(String metric, double value, Double previous, Double change) {
    }

    /** A chart: one category axis ({@code x}) and its series; {@code metric} names a series' metric, null when it is a dimension value (a shop). */
    public record Chart(String type, List<String> x, List<Series> series) {
    }

    public record Series(String name, String metric, List<Double> data) {
    }
}
