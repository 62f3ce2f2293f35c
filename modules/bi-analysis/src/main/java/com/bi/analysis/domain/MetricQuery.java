package com.bi.analysis.domain;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import com.bi.common.error.ApiException;

/**
 * A validated metric question. Only the names below are accepted — they map to fixed SQL fragments in the data
 * layer, and every value (dates, filter values, limit) is a bind parameter, so no SQL ever comes from a request.
 */
public record MetricQuery(List<Metric> metrics, List<Dimension> dimensions, LocalDate from, LocalDate to,
                          List<Filter> filters, Compare compare, List<Sort> orderBy, int limit, boolean totals) {
    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 10_000;
    public static final int MAX_DAYS = 1100;
    public static final int MAX_FILTER_VALUES = 500;
    /** Four fields with three operators: more filters than this only make the SQL long (20,000 ran past any deadline). */
    public static final int MAX_FILTERS = 20;
    /** Dates outside this range are refused (400 naming the field): no arithmetic on them can leave LocalDate or PostgreSQL. */
    public static final LocalDate MIN_DATE = LocalDate.of(1970, 1, 1);
    public static final LocalDate MAX_DATE = LocalDate.of(2199, 12, 31);

    public enum Metric { GMV, ORDERS, UNITS, BUYERS, AOV, REFUND_AMOUNT, REFUND_RATE;
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Dimension { DAY, WEEK, MONTH, SHOP, PLATFORM, SKU, CATEGORY;
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean time() {
            return this == DAY || this == WEEK || this == MONTH;
        }

        public boolean itemLevel() {
            return this == SKU || this == CATEGORY;
        }
    }

    public enum Compare { NONE, PREVIOUS_PERIOD, YEAR_OVER_YEAR }

    public enum Op { EQ, IN, NOT_IN }

    public record Filter(Dimension field, Op op, List<String> values) {
    }

    /** {@code field} is a requested metric's or dimension's id. */
    public record Sort(String field, boolean descending) {
    }

    /** The raw question as it arrives (JSON body or gRPC message), before validation. */
    public record Input(List<String> metrics, List<String> dimensions, String from, String to, List<FilterInput> filters,
                        String compare, List<SortInput> orderBy, Integer limit, Boolean totals) {
    }

    public record FilterInput(String field, String op, List<String> values) {
    }

    public record SortInput(String field, String direction) {
    }

    public static MetricQuery of(Input in) {
        if (in.metrics() == null || in.metrics().isEmpty()) {
            throw ApiException.badRequest("metrics", "metrics is required: one or more of " + ids(Metric.values()));
        }
        List<Metric> metrics = new ArrayList<>(new LinkedHashSet<>(in.metrics().stream()
                .map(m -> parse(Metric.class, m, "metrics")).toList()));
        List<Dimension> dimensions = in.dimensions() == null ? List.of() : new ArrayList<>(new LinkedHashSet<>(in.dimensions().stream()
                .map(d -> parse(Dimension.class, d, "dimensions")).toList()));
        if (dimensions.stream().filter(Dimension::time).count() > 1) {
            throw ApiException.badRequest("dimensions", "at most one of day, week, month");
        }
        LocalDate from = date(in.from(), "from");
        LocalDate to = date(in.to(), "to");
        if (to.isBefore(from)) {
            throw ApiException.badRequest("to", "to must not be before from");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw ApiException.badRequest("to", "a query spans at most " + MAX_DAYS + " days");
        }
        List<Filter> filters = new ArrayList<>();
        if (in.filters() != null && in.filters().size() > MAX_FILTERS) {
            throw ApiException.badRequest("filters", "a query takes at most " + MAX_FILTERS + " filters");
        }
        if (in.filters() != null) {
            for (int i = 0; i < in.filters().size(); i++) {
                FilterInput f = in.filters().get(i);
                String path = "filters[" + i + "]";
                if (f == null) {
                    throw ApiException.badRequest(path, path + " must be an object");
                }
                Dimension field = parse(Dimension.class, f.field(), path + ".field");
                if (field.time()) {
                    throw ApiException.badRequest(path + ".field", "filter the period with from/to; filters take shop, platform, sku or category");
                }
                Op op = f.op() == null || f.op().isBlank() ? Op.IN : parse(Op.class, f.op(), path + ".op");
                List<String> values = f.values() == null ? List.of() : f.values();
                if (values.isEmpty() || values.size() > MAX_FILTER_VALUES || values.stream().anyMatch(v -> v == null || v.isBlank())) {
                    throw ApiException.badRequest(path + ".values", path + ".values needs 1 to " + MAX_FILTER_VALUES + " non-empty values");
                }
                if (op == Op.EQ && values.size() != 1) {
                    throw ApiException.badRequest(path + ".values", "op eq takes exactly one value");
                }
                filters.add(new Filter(field, op, List.copyOf(values)));
            }
        }
        Compare compare = in.compare() == null || in.compare().isBlank() ? Compare.NONE : parse(Compare.class, in.compare(), "compare");
        Set<String> sortable = new LinkedHashSet<>();
        metrics.forEach(m -> sortable.add(m.id()));
        dimensions.forEach(d -> sortable.add(d.id()));
        List<Sort> orderBy = new ArrayList<>();
        if (in.orderBy() != null && in.orderBy().size() > sortable.size()) {
            // each field once at most: 20,000 copies of one sort made an ORDER BY that ran past any deadline
            throw ApiException.badRequest("order_by", "order_by names each requested metric or dimension at most once: " + sortable);
        }
        if (in.orderBy() != null) {
            for (int i = 0; i < in.orderBy().size(); i++) {
                SortInput s = in.orderBy().get(i);
                String path = "order_by[" + i + "]";
                if (s == null || s.field() == null || !sortable.contains(s.field().toLowerCase(Locale.ROOT))) {
                    throw ApiException.badRequest(path + ".field", path + ".field must be one of the requested metrics or dimensions: " + sortable);
                }
                String sortField = s.field().toLowerCase(Locale.ROOT);
                if (orderBy.stream().anyMatch(o -> o.field().equals(sortField))) {
                    throw ApiException.badRequest(path + ".field", path + ".field " + sortField + " is already sorted on");
                }
                String direction = s.direction() == null ? "desc" : s.direction().toLowerCase(Locale.ROOT);
                if (!direction.equals("asc") && !direction.equals("desc")) {
                    throw ApiException.badRequest(path + ".direction", path + ".direction must be asc or desc");
                }
                orderBy.add(new Sort(s.field().toLowerCase(Locale.ROOT), direction.equals("desc")));
            }
        }
        int limit = in.limit() == null || in.limit() == 0 ? DEFAULT_LIMIT : in.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        return new MetricQuery(List.copyOf(metrics), List.copyOf(dimensions), from, to, List.copyOf(filters), compare,
                List.copyOf(orderBy), limit, in.totals() == null || in.totals());
    }

    /** Days in the period, both ends included. */
    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    /**
     * True when only the facts answer exactly: distinct buyers (not additive over days), or orders/aov across
     * several SKUs (an order with two matching SKUs counts once) — the costly {@code count(DISTINCT …)} scans.
     */
    public boolean needsFacts() {
        boolean items = dimensions.stream().anyMatch(Dimension::itemLevel) || filters.stream().anyMatch(f -> f.field().itemLevel());
        boolean distinctOrders = metrics.contains(Metric.ORDERS) || metrics.contains(Metric.AOV);
        return metrics.contains(Metric.BUYERS) || items && distinctOrders && !dimensions.contains(Dimension.SKU);
    }

    /** True when the question involves SKUs or categories. */
    public boolean itemLevel() {
        return dimensions.stream().anyMatch(Dimension::itemLevel) || filters.stream().anyMatch(f -> f.field().itemLevel());
    }

    public MetricQuery over(LocalDate newFrom, LocalDate newTo, List<Dimension> newDimensions, int newLimit) {
        List<Sort> sorts = orderBy.stream().filter(s -> metrics.stream().anyMatch(m -> m.id().equals(s.field()))
                || newDimensions.stream().anyMatch(d -> d.id().equals(s.field()))).toList();
        return new MetricQuery(metrics, newDimensions, newFrom, newTo, filters, Compare.NONE, sorts, newLimit, false);
    }

    /** The comparison period: the same number of days just before, or the same dates a year earlier. */
    public LocalDate[] compareRange() {
        return switch (compare) {
            case NONE -> null;
            case PREVIOUS_PERIOD -> {
                long days = ChronoUnit.DAYS.between(from, to) + 1;
                yield new LocalDate[] {from.minusDays(days), from.minusDays(1)};
            }
            case YEAR_OVER_YEAR -> new LocalDate[] {from.minusYears(1), to.minusYears(1)};
        };
    }

    private static LocalDate date(String text, String field) {
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest(field, field + " is required (yyyy-MM-dd, in the tenant's time zone)");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text.length() > 20 ? text.substring(0, 20) : text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field, field + " must be a date yyyy-MM-dd");
        }
        if (date.isBefore(MIN_DATE) || date.isAfter(MAX_DATE)) {
            throw ApiException.badRequest(field, field + " must be between " + MIN_DATE + " and " + MAX_DATE);
        }
        return date;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        if (value != null) {
            String name = value.trim().toUpperCase(Locale.ROOT);
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(name)) {
                    return constant;
                }
            }
        }
        throw ApiException.badRequest(field, field + ": unknown value '" + value + "'; allowed: " + ids(type.getEnumConstants()));
    }

    private static String ids(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
}
