package com.bi.chat.domain;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A metric query for bi-analysis, as the parser or an LLM proposes it. {@link #validate} is the one gate both go
 * through: only the catalog's names, a bounded period, bounded filters and limit — bi-analysis checks it again.
 */
public record ChatQuery(List<String> metrics, List<String> dimensions, LocalDate from, LocalDate to,
                        List<Filter> filters, String compare, List<Sort> orderBy, int limit) {
    public static final List<String> METRICS = List.of("gmv", "orders", "units", "buyers", "aov", "refund_amount", "refund_rate");
    public static final List<String> DIMENSIONS = List.of("day", "week", "month", "shop", "platform", "sku", "category");
    public static final List<String> FILTER_FIELDS = List.of("shop", "platform", "sku", "category");
    public static final List<String> COMPARES = List.of("", "previous_period", "year_over_year");
    public static final int MAX_DAYS = 1100;
    public static final int MAX_LIMIT = 1000;
    public static final int MAX_FILTER_VALUES = 50;

    public record Filter(String field, String op, List<String> values) {
    }

    public record Sort(String field, String direction) {
    }

    /** Thrown by {@link #validate}: {@code field} names what is wrong. */
    public static final class Invalid extends RuntimeException {
        private final String field;

        public Invalid(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    public ChatQuery {
        metrics = List.copyOf(metrics);
        dimensions = List.copyOf(dimensions);
        filters = List.copyOf(filters);
        compare = compare == null ? "" : compare;
        orderBy = List.copyOf(orderBy);
    }

    /** The same query checked against the catalog; throws {@link Invalid} naming the first bad field. */
    public ChatQuery validate() {
        if (metrics.isEmpty() || metrics.size() > METRICS.size() || !METRICS.containsAll(metrics)
                || new LinkedHashSet<>(metrics).size() != metrics.size()) {
            throw new Invalid("metrics", "metrics: one or more of " + METRICS);
        }
        if (!DIMENSIONS.containsAll(dimensions) || new LinkedHashSet<>(dimensions).size() != dimensions.size()) {
            throw new Invalid("dimensions", "dimensions: any of " + DIMENSIONS);
        }
        if (dimensions.stream().filter(ChatQuery::timeDimension).count() > 1) {
            throw new Invalid("dimensions", "at most one of day, week, month");
        }
        if (from == null || to == null || to.isBefore(from) || ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS
                || from.getYear() < 1970 || to.getYear() > 2199) {
            throw new Invalid("from", "a period from <= to of at most " + MAX_DAYS + " days");
        }
        if (filters.size() > FILTER_FIELDS.size()) {
            throw new Invalid("filters", "at most one filter per field");
        }
        Set<String> filtered = new LinkedHashSet<>();
        for (Filter f : filters) {
            if (f == null || !FILTER_FIELDS.contains(f.field()) || !filtered.add(f.field())) {
                throw new Invalid("filters", "filters: one per field of " + FILTER_FIELDS);
            }
            if (!List.of("eq", "in", "not_in").contains(f.op())) {
                throw new Invalid("filters", "filter op: eq, in or not_in");
            }
            if (f.values() == null || f.values().isEmpty() || f.values().size() > MAX_FILTER_VALUES
                    || f.values().stream().anyMatch(v -> v == null || v.isBlank() || v.length() > 200)
                    || f.op().equals("eq") && f.values().size() != 1) {
                throw new Invalid("filters", "filter values: 1 to " + MAX_FILTER_VALUES + " non-empty values");
            }
        }
        if (!COMPARES.contains(compare)) {
            throw new Invalid("compare", "compare: previous_period or year_over_year");
        }
        Set<String> sortable = new LinkedHashSet<>(metrics);
        sortable.addAll(dimensions);
        Set<String> sorted = new LinkedHashSet<>();
        for (Sort s : orderBy) {
            if (s == null || !sortable.contains(s.field()) || !sorted.add(s.field())
                    || !List.of("asc", "desc").contains(s.direction())) {
                throw new Invalid("order_by", "order_by: each requested metric or dimension once, asc or desc");
            }
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new Invalid("limit", "limit: 1 to " + MAX_LIMIT);
        }
        return this;
    }

    public static boolean timeDimension(String dimension) {
        return dimension.equals("day") || dimension.equals("week") || dimension.equals("month");
    }

    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    public ChatQuery withPeriod(LocalDate newFrom, LocalDate newTo) {
        return new ChatQuery(metrics, dimensions, newFrom, newTo, filters, compare, orderBy, limit);
    }

    /** The query as bi-analysis's JSON body (snake_case), in a stable key order: what {@code query_json} shows. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("metrics", metrics);
        out.put("dimensions", dimensions);
        out.put("from", from.toString());
        out.put("to", to.toString());
        List<Map<String, Object>> fs = new ArrayList<>();
        for (Filter f : filters) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("field", f.field());
            m.put("op", f.op());
            m.put("values", f.values());
            fs.add(m);
        }
        out.put("filters", fs);
        out.put("compare", compare);
        List<Map<String, Object>> sorts = new ArrayList<>();
        for (Sort s : orderBy) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("field", s.field());
            m.put("direction", s.direction());
            sorts.add(m);
        }
        out.put("order_by", sorts);
        out.put("limit", limit);
        return out;
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
