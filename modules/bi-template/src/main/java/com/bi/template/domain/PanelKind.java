package com.bi.template.domain;

/** How a panel shows its query's answer. */
public enum PanelKind {
    /** The totals of the metrics, with the comparison period's when the query compares. */
    KPI,
    /** A time dimension along the x axis; one line per metric (or per value of a second dimension). */
    LINE,
    /** The first dimension along the x axis; one bar per metric. */
    BAR,
    /** The rows as they come. */
    TABLE
}
