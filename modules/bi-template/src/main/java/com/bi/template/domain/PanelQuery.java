package com.bi.template.domain;

import java.util.List;

/**
 * A bi-analysis metric query with variables. {@code range} is empty or {@code ${range}} (the template's RANGE
 * variable) or a preset fixed for this panel; filter values may be {@code ${variable}}.
 */
public record PanelQuery(List<String> metrics, List<String> dimensions, List<Filter> filters, String compare,
                         List<Sort> orderBy, Integer limit, String range) {
    public PanelQuery {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        dimensions = dimensions == null ? List.of() : List.copyOf(dimensions);
        filters = filters == null ? List.of() : List.copyOf(filters);
        orderBy = orderBy == null ? List.of() : List.copyOf(orderBy);
    }

    public record Filter(String field, String op, List<String> values) {
        public Filter {
            values = values == null ? List.of() : List.copyOf(values);
        }
    }

    public record Sort(String field, String direction) {
    }
}
