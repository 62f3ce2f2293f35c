package com.bi.template.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bi.common.error.ApiException;

/**
 * Checks a template against the metric catalog when it is saved. Every refusal is a 422 whose field is the JSON path
 * ({@code panels[1].query.metrics[0]}) and whose detail names the panel by its id.
 */
public final class TemplateValidation {
    public static final int MAX_PANELS = 20;
    public static final int MAX_VARIABLES = 10;
    public static final int MAX_TEXT = 200;
    public static final int MAX_CHANNELS = 20;
    public static final List<String> FORMATS = List.of("CSV", "XLSX", "PNG");
    /** The roles a template can be shared with (inside the tenant; admins always may). */
    public static final Set<String> SHAREABLE_ROLES = Set.of("VIEWER", "ANALYST", "ADMIN");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");
    /** Request variables every template understands: from/to go with range=custom. */
    public static final Set<String> BUILT_IN_VARIABLES = Set.of("from", "to");

    private TemplateValidation() {
    }

    public static ApiException unprocessable(String field, String detail) {
        return new ApiException(422, "Unprocessable Content", detail, field);
    }

    public static void validate(TemplateDraft draft) {
        text(draft.name(), "name", true);
        if (draft.description() != null && draft.description().length() > 2000) {
            throw unprocessable("description", "description: at most 2000 characters");
        }
        if (draft.kind() == null) {
            throw unprocessable("kind", "kind is required: REPORT or DASHBOARD");
        }
        Map<String, Variable> variables = variables(draft.variables());
        if (draft.panels().isEmpty() || draft.panels().size() > MAX_PANELS) {
            throw unprocessable("panels", "panels: 1 to " + MAX_PANELS + " panels");
        }
        Set<String> panelIds = new HashSet<>();
        for (int i = 0; i < draft.panels().size(); i++) {
            Panel panel = draft.panels().get(i);
            String path = "panels[" + i + "]";
            if (panel == null) {
                throw unprocessable(path, path + " must be an object");
            }
            if (panel.id() == null || !ID.matcher(panel.id()).matches()) {
                throw unprocessable(path + ".id", path + ".id must match " + ID.pattern());
            }
            if (!panelIds.add(panel.id())) {
                throw unprocessable(path + ".id", "panel '" + panel.id() + "' appears twice");
            }
            panel(panel, path, variables);
        }
        schedule(draft.schedule(), variables);
        sharing(draft.sharing());
    }

    private static Map<String, Variable> variables(List<Variable> variables) {
        if (variables.size() > MAX_VARIABLES) {
            throw unprocessable("variables", "variables: at most " + MAX_VARIABLES);
        }
        Map<String, Variable> byName = new java.util.LinkedHashMap<>();
        for (int i = 0; i < variables.size(); i++) {
            Variable v = variables.get(i);
            String path = "variables[" + i + "]";
            if (v == null || v.name() == null || !VARIABLE_NAME.matcher(v.name()).matches() || BUILT_IN_VARIABLES.contains(v.name())) {
                throw unprocessable(path + ".name", path + ".name must match " + VARIABLE_NAME.pattern() + " and not be from or to");
            }
            if (byName.putIfAbsent(v.name(), v) != null) {
                throw unprocessable(path + ".name", "variable '" + v.name() + "' is declared twice");
            }
            if (v.type() == null) {
                throw unprocessable(path + ".type", path + ".type is required: RANGE, SHOPS, PLATFORM or TEXT");
            }
            if (v.defaultValue() != null && !v.defaultValue().isBlank()) {
                try {
                    Bindings.parseValue(v, v.defaultValue(), path + ".default_value");
                } catch (ApiException e) {
                    throw unprocessable(path + ".default_value", e.getMessage());
                }
            }
        }
        if (byName.values().stream().filter(v -> v.type() == VariableType.RANGE).count() > 1) {
            throw unprocessable("variables", "variables: at most one RANGE variable");
        }
        return byName;
    }

    private static void panel(Panel panel, String path, Map<String, Variable> variables) {
        String named = "panel '" + panel.id() + "': ";
        text(panel.title(), path + ".title", true);
        if (panel.kind() == null) {
            throw unprocessable(path + ".kind", named + "kind is required: KPI, LINE, BAR or TABLE");
        }
        PanelQuery q = panel.query();
        String qp = path + ".query";
        if (q == null) {
            throw unprocessable(qp, named + "query is required");
        }
        if (q.metrics().isEmpty()) {
            throw unprocessable(qp + ".metrics", named + "query.metrics needs one or more of " + MetricCatalog.METRICS);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < q.metrics().size(); i++) {
            String m = q.metrics().get(i);
            if (!MetricCatalog.METRICS.contains(m)) {
                throw unprocessable(qp + ".metrics[" + i + "]", named + "unknown metric '" + show(m) + "'; one of " + MetricCatalog.METRICS);
            }
            if (!seen.add(m)) {
                throw unprocessable(qp + ".metrics[" + i + "]", named + "metric '" + m + "' appears twice");
            }
        }
        long timeDimensions = 0;
        for (int i = 0; i < q.dimensions().size(); i++) {
            String d = q.dimensions().get(i);
            if (!MetricCatalog.DIMENSIONS.contains(d)) {
                throw unprocessable(qp + ".dimensions[" + i + "]", named + "unknown dimension '" + show(d) + "'; one of " + MetricCatalog.DIMENSIONS);
            }
            if (!seen.add(d)) {
                throw unprocessable(qp + ".dimensions[" + i + "]", named + "dimension '" + d + "' appears twice");
            }
            timeDimensions += MetricCatalog.TIME_DIMENSIONS.contains(d) ? 1 : 0;
        }
        if (timeDimensions > 1) {
            throw unprocessable(qp + ".dimensions", named + "at most one of day, week, month");
        }
        switch (panel.kind()) {
            case KPI -> {
                if (!q.dimensions().isEmpty()) {
                    throw unprocessable(qp + ".dimensions", named + "a KPI panel shows totals: no dimensions");
                }
            }
            case LINE -> {
                if (q.dimensions().isEmpty() || !MetricCatalog.TIME_DIMENSIONS.contains(q.dimensions().getFirst()) || q.dimensions().size() > 2) {
                    throw unprocessable(qp + ".dimensions", named + "a LINE panel needs day, week or month first and at most one more dimension");
                }
            }
            case BAR -> {
                if (q.dimensions().isEmpty() || q.dimensions().size() > 2) {
                    throw unprocessable(qp + ".dimensions", named + "a BAR panel needs one or two dimensions");
                }
            }
            case TABLE -> {
            }
        }
        if (q.filters().size() > MetricCatalog.MAX_FILTERS) {
            throw unprocessable(qp + ".filters", named + "at most " + MetricCatalog.MAX_FILTERS + " filters");
        }
        for (int i = 0; i < q.filters().size(); i++) {
            PanelQuery.Filter f = q.filters().get(i);
            String fp = qp + ".filters[" + i + "]";
            if (f == null || !MetricCatalog.FILTER_FIELDS.contains(f.field())) {
                throw unprocessable(fp + ".field", named + "filter field must be one of " + MetricCatalog.FILTER_FIELDS);
            }
            if (f.op() != null && !f.op().isEmpty() && !MetricCatalog.FILTER_OPS.contains(f.op())) {
                throw unprocessable(fp + ".op", named + "unknown filter op '" + show(f.op()) + "'; one of " + MetricCatalog.FILTER_OPS);
            }
            if (f.values().isEmpty() || f.values().size() > MetricCatalog.MAX_FILTER_VALUES) {
                throw unprocessable(fp + ".values", named + "a filter takes 1 to " + MetricCatalog.MAX_FILTER_VALUES + " values");
            }
            for (int j = 0; j < f.values().size(); j++) {
                String value = f.values().get(j);
                String vp = fp + ".values[" + j + "]";
                if (value == null || value.isBlank()) {
                    throw unprocessable(vp, named + "a filter value must not be empty");
                }
                String reference = reference(value, vp, named);
                if (reference != null) {
                    Variable v = variables.get(reference);
                    if (v == null) {
                        throw unprocessable(vp, named + "unknown variable '${" + show(reference) + "}'; declared: " + variables.keySet());
                    }
                    if (v.type() == VariableType.RANGE) {
                        throw unprocessable(vp, named + "'${" + reference + "}' is a date range; filters take shops, platforms or text");
                    }
                }
            }
            if ("eq".equals(f.op()) && (f.values().size() != 1 || f.values().getFirst().contains("${"))) {
                throw unprocessable(fp + ".values", named + "op eq takes exactly one literal value; use in with a variable");
            }
        }
        if (q.compare() != null && !q.compare().isEmpty() && !MetricCatalog.COMPARES.contains(q.compare())) {
            throw unprocessable(qp + ".compare", named + "unknown compare '" + show(q.compare()) + "'; one of " + MetricCatalog.COMPARES);
        }
        Set<String> sorted = new HashSet<>();
        for (int i = 0; i < q.orderBy().size(); i++) {
            PanelQuery.Sort s = q.orderBy().get(i);
            String sp = qp + ".order_by[" + i + "]";
            if (s == null || s.field() == null || !q.metrics().contains(s.field()) && !q.dimensions().contains(s.field())) {
                throw unprocessable(sp + ".field", named + "order_by names a requested metric or dimension");
            }
            if (!sorted.add(s.field())) {
                throw unprocessable(sp + ".field", named + "'" + s.field() + "' is already sorted on");
            }
            if (s.direction() != null && !s.direction().equals("asc") && !s.direction().equals("desc")) {
                throw unprocessable(sp + ".direction", named + "direction must be asc or desc");
            }
        }
        if (q.limit() != null && (q.limit() < 0 || q.limit() > MetricCatalog.MAX_LIMIT)) {
            throw unprocessable(qp + ".limit", named + "limit must be between 0 (the engine's default) and " + MetricCatalog.MAX_LIMIT);
        }
        String range = q.range();
        if (range == null || range.isEmpty() || range.equals("${range}")) {
            if (variables.values().stream().noneMatch(v -> v.type() == VariableType.RANGE)) {
                throw unprocessable(qp + ".range", named + "the query takes the template's RANGE variable, but none is declared; "
                        + "declare one or give the panel a fixed preset");
            }
        } else {
            String reference = reference(range, qp + ".range", named);
            if (reference != null) {
                Variable v = variables.get(reference);
                if (v == null || v.type() != VariableType.RANGE) {
                    throw unprocessable(qp + ".range", named + "'${" + show(reference) + "}' is not a declared RANGE variable");
                }
            } else if (!DateRange.valid(range) || range.equals("custom")) {
                throw unprocessable(qp + ".range", named + "unknown range '" + show(range) + "'; one of " + DateRange.PRESETS
                        + " or yyyy-MM-dd..yyyy-MM-dd");
            }
        }
    }

    private static void schedule(Schedule schedule, Map<String, Variable> variables) {
        if (schedule == null || schedule.frequency() == null || schedule.frequency().isEmpty()) {
            return;
        }
        if (!schedule.frequency().equals(Schedule.DAILY)) {
            throw unprocessable("schedule.frequency", "schedule.frequency: DAILY (or empty for none)");
        }
        if (schedule.channelIds().isEmpty() || schedule.channelIds().size() > MAX_CHANNELS
                || schedule.channelIds().stream().anyMatch(c -> c == null || c.isBlank() || c.length() > 64)) {
            throw unprocessable("schedule.channel_ids", "schedule.channel_ids: 1 to " + MAX_CHANNELS + " bi-notify channel ids");
        }
        for (String name : schedule.variables().keySet()) {
            Variable v = variables.get(name);
            if (v == null && !BUILT_IN_VARIABLES.contains(name)) {
                throw unprocessable("schedule.variables." + name, "schedule: unknown variable '" + show(name) + "'; declared: " + variables.keySet());
            }
            if (v != null) {
                try {
                    Bindings.parseValue(v, schedule.variables().get(name), "schedule.variables." + name);
                } catch (ApiException e) {
                    throw unprocessable("schedule.variables." + name, e.getMessage());
                }
            }
        }
        for (int i = 0; i < schedule.formats().size(); i++) {
            String format = schedule.formats().get(i);
            if (format == null || !FORMATS.contains(format.toUpperCase(Locale.ROOT))) {
                throw unprocessable("schedule.formats[" + i + "]", "schedule.formats: each one of " + FORMATS);
            }
        }
    }

    public static void sharing(Sharing sharing) {
        for (String role : sharing.viewRoles()) {
            if (!SHAREABLE_ROLES.contains(role)) {
                throw unprocessable("sharing.view_roles", "sharing.view_roles: each one of " + SHAREABLE_ROLES.stream().sorted().toList());
            }
        }
        for (String role : sharing.editRoles()) {
            if (!SHAREABLE_ROLES.contains(role) || role.equals("VIEWER")) {
                throw unprocessable("sharing.edit_roles", "sharing.edit_roles: each one of [ADMIN, ANALYST] (a VIEWER cannot write)");
            }
        }
    }

    /** The variable name of a whole-value {@code ${name}}, {@code null} for a literal; a reference inside text is refused. */
    static String reference(String value, String field, String named) {
        Matcher m = REFERENCE.matcher(value);
        if (m.matches()) {
            return m.group(1);
        }
        if (value.contains("${")) {
            throw unprocessable(field, named + "a variable is a whole value: '${name}', not '" + show(value) + "'");
        }
        return null;
    }

    private static void text(String value, String field, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw unprocessable(field, field + " is required");
            }
            return;
        }
        if (value.length() > MAX_TEXT) {
            throw unprocessable(field, field + ": at most " + MAX_TEXT + " characters");
        }
    }

    private static String show(String value) {
        return value == null ? "null" : DateRange.shorten(value);
    }
}
