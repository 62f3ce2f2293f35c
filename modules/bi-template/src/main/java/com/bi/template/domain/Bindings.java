package com.bi.template.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.bi.common.error.ApiException;

/**
 * A rendering request's variables resolved against a template: the range of its RANGE variable (in the tenant's
 * days) and the values of the others. An empty list variable means "no filter" (all shops, all platforms).
 */
public record Bindings(DateRange range, Map<String, List<String>> values) {
    public static final int MAX_VALUE_LENGTH = 128;

    public static Bindings resolve(Template template, Map<String, String> request, LocalDate today) {
        Map<String, String> given = request == null ? Map.of() : request;
        Map<String, Variable> declared = new LinkedHashMap<>();
        template.variables().forEach(v -> declared.put(v.name(), v));
        for (String name : given.keySet()) {
            if (!declared.containsKey(name) && !TemplateValidation.BUILT_IN_VARIABLES.contains(name)) {
                throw ApiException.badRequest("variables." + DateRange.shorten(name), "unknown variable '" + DateRange.shorten(name)
                        + "'; template '" + template.name() + "' declares " + declared.keySet());
            }
        }
        DateRange range = null;
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Variable v : declared.values()) {
            String field = "variables." + v.name();
            String text = given.get(v.name());
            if (text == null || text.isBlank()) {
                text = v.defaultValue();
            }
            if (text == null || text.isBlank()) {
                if (v.required()) {
                    throw ApiException.badRequest(field, field + " is required");
                }
                if (v.type() == VariableType.RANGE) {
                    throw ApiException.badRequest(field, field + " is required: the template has no default range");
                }
                values.put(v.name(), List.of());
                continue;
            }
            if (v.type() == VariableType.RANGE) {
                range = DateRange.resolve(text, given.get("from"), given.get("to"), today, field);
            } else {
                values.put(v.name(), parseValue(v, text, field));
            }
        }
        return new Bindings(range, Map.copyOf(values));
    }

    /** A variable's text as its values (a RANGE is checked for shape only); a 400 naming {@code field} when it is bad. */
    public static List<String> parseValue(Variable v, String text, String field) {
        if (v.type() == VariableType.RANGE) {
            if (!DateRange.valid(text)) {
                throw ApiException.badRequest(field, field + ": unknown range '" + DateRange.shorten(text) + "'; one of "
                        + DateRange.PRESETS + " or yyyy-MM-dd..yyyy-MM-dd");
            }
            return List.of(text);
        }
        List<String> values = new ArrayList<>();
        for (String part : text.split(",")) {
            String value = part.trim();
            if (value.isEmpty()) {
                continue;
            }
            if (value.length() > MAX_VALUE_LENGTH) {
                throw ApiException.badRequest(field, field + ": a value has at most " + MAX_VALUE_LENGTH + " characters");
            }
            if (v.type() == VariableType.PLATFORM) {
                value = value.toUpperCase(Locale.ROOT);
                if (!MetricCatalog.PLATFORMS.contains(value)) {
                    throw ApiException.badRequest(field, field + ": unknown platform '" + DateRange.shorten(value) + "'; one of "
                            + MetricCatalog.PLATFORMS);
                }
            }
            values.add(value);
        }
        if (values.size() > MetricCatalog.MAX_FILTER_VALUES) {
            throw ApiException.badRequest(field, field + ": at most " + MetricCatalog.MAX_FILTER_VALUES + " values");
        }
        return List.copyOf(values);
    }

    /** The panel's period: its fixed preset, or the template's range. */
    public DateRange rangeOf(PanelQuery query, LocalDate today) {
        String spec = query.range();
        if (spec == null || spec.isEmpty() || spec.startsWith("${")) {
            return range;
        }
        return DateRange.resolve(spec, null, null, today, "range");
    }
}
