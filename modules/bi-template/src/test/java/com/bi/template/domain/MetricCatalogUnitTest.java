package com.bi.template.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.bi.analysis.domain.MetricQuery;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The catalog templates are validated against is bi-analysis's: the same names, the same limits. */
class MetricCatalogUnitTest {
    private static List<String> ids(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
    }

    @Test
    void sameVocabularyAsBiAnalysis() {
        assertEquals(ids(MetricQuery.Metric.values()), MetricCatalog.METRICS);
        assertEquals(ids(MetricQuery.Dimension.values()), MetricCatalog.DIMENSIONS);
        assertEquals(ids(MetricQuery.Op.values()), MetricCatalog.FILTER_OPS);
        assertEquals(ids(MetricQuery.Compare.values()).subList(1, 3), MetricCatalog.COMPARES);
        assertEquals(MetricQuery.MAX_LIMIT, MetricCatalog.MAX_LIMIT);
        assertEquals(MetricQuery.MAX_FILTERS, MetricCatalog.MAX_FILTERS);
        assertEquals(MetricQuery.MAX_FILTER_VALUES, MetricCatalog.MAX_FILTER_VALUES);
        assertEquals(MetricQuery.MAX_DAYS, DateRange.MAX_DAYS);
    }
}
