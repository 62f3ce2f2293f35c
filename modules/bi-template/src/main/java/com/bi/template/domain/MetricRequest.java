package com.bi.template.domain;

import java.time.LocalDate;
import java.util.List;

/** A panel's query with its variables replaced: what is sent to bi-analysis. */
public record MetricRequest(List<String> metrics, List<String> dimensions, LocalDate from, LocalDate to,
                            List<PanelQuery.Filter> filters, String compare, List<PanelQuery.Sort> orderBy, int limit) {
}
