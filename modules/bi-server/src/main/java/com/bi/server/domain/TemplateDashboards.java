package com.bi.server.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bi.common.error.ApiException;

/**
 * The template dashboards: the caller's bi-template templates as a list, and one template rendered with the console's
 * filters (the same range presets, shops and platform as the daily dashboard, resolved here in the tenant's days and
 * handed to the template's RANGE, SHOPS and PLATFORM variables) as ONE answer. Rendered answers are cached like the
 * daily dashboard's ({@link CachedAnswers}), keyed with the template's version and the versions of every day its
 * panels cover.
 */
public final class TemplateDashboards {
    public static final String SERVICE = "bi-template";
    /** bi-analysis's dimensions: text columns; every other column of a rendered panel is a number. */
    static final Set<String> DIMENSIONS = Set.of("day", "week", "month", "shop", "platform", "sku", "category", "metric");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern EXPLICIT = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})\\.\\.(\\d{4}-\\d{2}-\\d{2})");

    private final TemplateSource source;
    private final CachedAnswers answers;
    private final Function<TemplateDashboard, byte[]> encoder;

    public TemplateDashboards(TemplateSource source, CachedAnswers answers, Function<TemplateDashboard, byte[]> encoder) {
        this.source = source;
        this.answers = answers;
        this.encoder = encoder;
    }

    /** The templates the caller may view (bi-template decides), by name. */
    public List<TemplateSource.Summary> list() {
        return source.list();
    }

    /**
     * Template {@code id} of the caller's tenant rendered for {@code query}; {@code today} is the tenant's. 404 when
     * the caller may not view it (another tenant's looks the same), a {@link PeerUnavailableException} when
     * bi-template cannot answer.
     */
    public CachedAnswers.Answer render(String tenant, String id, DashboardQuery query, LocalDate today) {
        if (id == null || !ID.matcher(id).matches()) {
            throw ApiException.notFound("template", "'" + (id == null ? "" : id.substring(0, Math.min(id.length(), 64))) + "'");
        }
        TemplateSource.Spec spec = source.get(id);
        Map<String, String> variables = variables(spec, query);
        // the template's version (an edit is a new answer) and today (panels with their own preset move with it)
        String canonical = "template|" + spec.id() + "|v" + spec.version() + "|today=" + today + "|" + query.canonical();
        return answers.answer(tenant, canonical, covered(spec, query, today), () -> {
            TemplateSource.Rendered rendered = source.render(spec.id(), variables);
            TemplateDashboard dashboard = shape(spec, query, rendered);
            return new CachedAnswers.Composed(encoder.apply(dashboard), !dashboard.partial());
        });
    }

    /** The console's filters as the template's variables, by their type: a filter the template does not take is left out. */
    static Map<String, String> variables(TemplateSource.Spec spec, DashboardQuery query) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (TemplateSource.Variable v : spec.variables()) {
            switch (v.type()) {
                case "RANGE" -> variables.put(v.name(), query.from() + ".." + query.to());
                case "SHOPS" -> {
                    if (!query.shops().isEmpty()) {
                        variables.put(v.name(), String.join(",", query.shops()));
                    }
                }
                case "PLATFORM" -> query.platform().ifPresent(p -> variables.put(v.name(), p));
                default -> { } // TEXT: its default
            }
        }
        return variables;
    }

    static TemplateDashboard.Applied applied(TemplateSource.Spec spec) {
        Set<String> types = new HashSet<>();
        spec.variables().forEach(v -> types.add(v.type()));
        return new TemplateDashboard.Applied(types.contains("RANGE"), types.contains("SHOPS"), types.contains("PLATFORM"));
    }

    /**
     * The order days the rendered panels read: a panel on the template's range reads the query's days; one with an
     * explicit {@code from..to} those days; one with its own preset (bi-template resolves it relative to today, e.g.
     * the daily report's 30-day trend) at most this year's days and the last 62 (every preset bi-template knows lies
     * there); plus the comparison period of a panel that compares.
     */
    static List<CachedAnswers.Days> covered(TemplateSource.Spec spec, DashboardQuery query, LocalDate today) {
        List<CachedAnswers.Days> days = new ArrayList<>();
        days.add(new CachedAnswers.Days(query.from(), query.to()));
        for (TemplateSource.PanelSpec panel : spec.panels()) {
            CachedAnswers.Days base = panelDays(panel.range(), query, today);
            days.add(base);
            switch (panel.compare()) {
                case "previous_period" -> {
                    long length = ChronoUnit.DAYS.between(base.from(), base.to()) + 1;
                    days.add(new CachedAnswers.Days(base.from().minusDays(length), base.from().minusDays(1)));
                }
                case "year_over_year" -> days.add(new CachedAnswers.Days(base.from().minusYears(1), base.to().minusYears(1)));
                default -> { }
            }
        }
        return days;
    }

    private static CachedAnswers.Days panelDays(String range, DashboardQuery query, LocalDate today) {
        if (range == null || range.isEmpty() || range.startsWith("${")) {
            return new CachedAnswers.Days(query.from(), query.to());
        }
        Matcher explicit = EXPLICIT.matcher(range.trim());
        if (explicit.matches()) {
            try {
                LocalDate from = LocalDate.parse(explicit.group(1));
                LocalDate to = LocalDate.parse(explicit.group(2));
                if (!to.isBefore(from)) {
                    return new CachedAnswers.Days(from, to);
                }
            } catch (DateTimeParseException e) {
                // not a real date: bi-template refuses such a template on save; cover the preset bound below
            }
        }
        LocalDate yearStart = today.withDayOfYear(1);
        LocalDate recent = today.minusDays(62);
        return new CachedAnswers.Days(yearStart.isBefore(recent) ? yearStart : recent, today);
    }

    /** bi-template's rendering as the console's answer: typed rows, KPI cards, chart series. */
    static TemplateDashboard shape(TemplateSource.Spec spec, DashboardQuery query, TemplateSource.Rendered rendered) {
        List<TemplateDashboard.PanelView> panels = new ArrayList<>();
        for (TemplateSource.RenderedPanel p : rendered.panels()) {
            panels.add(panel(p));
        }
        boolean partial = rendered.partial() || panels.stream().anyMatch(p -> !p.status().equals("ok"));
        return new TemplateDashboard(new TemplateDashboard.Template(spec.id(), spec.name(), spec.kind(), spec.version()), query.range(),
                date(rendered.from(), query.from()), date(rendered.to(), query.to()), rendered.timeZone(), query.shops(),
                query.platform().orElse(null), applied(spec), partial, List.copyOf(panels));
    }

    static TemplateDashboard.PanelView panel(TemplateSource.RenderedPanel p) {
        String status = p.status().toLowerCase(Locale.ROOT);
        if (!status.equals("ok")) {
            return new TemplateDashboard.PanelView(p.id(), p.title(), p.kind(), status, p.message().isEmpty() ? null : p.message(),
                    null, List.of(), List.of(), null);
        }
        List<List<Object>> rows = new ArrayList<>();
        for (List<String> cells : p.rows()) {
            List<Object> row = new ArrayList<>(cells.size());
            for (int i = 0; i < cells.size(); i++) {
                row.add(i < p.columns().size() && DIMENSIONS.contains(p.columns().get(i)) ? cells.get(i) : typed(cells.get(i)));
            }
            rows.add(row);
        }
        List<TemplateDashboard.Kpi> kpis = p.kind().equals("KPI") ? kpis(p.columns(), rows) : null;
        TemplateDashboard.Chart chart = p.kind().equals("LINE") || p.kind().equals("BAR") ? chart(p.kind(), p.columns(), rows) : null;
        return new TemplateDashboard.PanelView(p.id(), p.title(), p.kind(), status, null, kpis, p.columns(), rows, chart);
    }

    /** A KPI panel's rows are (metric, value[, previous, change_pct]); change_pct is in percent, the console's change a ratio. */
    private static List<TemplateDashboard.Kpi> kpis(List<String> columns, List<List<Object>> rows) {
        int value = columns.indexOf("value");
        int previous = columns.indexOf("previous");
        int change = columns.indexOf("change_pct");
        List<TemplateDashboard.Kpi> kpis = new ArrayList<>();
        for (List<Object> row : rows) {
            Double v = value < 0 ? null : asDouble(row.get(value));
            Double c = change < 0 ? null : asDouble(row.get(change));
            kpis.add(new TemplateDashboard.Kpi(String.valueOf(row.getFirst()), v == null ? 0 : v,
                    previous < 0 ? null : asDouble(row.get(previous)), c == null ? null : c / 100));
        }
        return kpis;
    }

    /**
     * The categories are the first dimension's values (days between the first and the last filled with zeros: a day
     * without orders sold nothing); with a second dimension one series per value of it (the first metric), else one
     * series per metric. Comparison columns ({@code *_previous}) stay in the rows only.
     */
    static TemplateDashboard.Chart chart(String kind, List<String> columns, List<List<Object>> rows) {
        int dimensions = 0;
        while (dimensions < columns.size() && DIMENSIONS.contains(columns.get(dimensions))) {
            dimensions++;
        }
        List<Integer> metrics = new ArrayList<>();
        for (int i = dimensions; i < columns.size(); i++) {
            if (!columns.get(i).endsWith("_previous")) {
                metrics.add(i);
            }
        }
        if (dimensions == 0 || metrics.isEmpty()) {
            return null;
        }
        LinkedHashSet<String> categories = new LinkedHashSet<>();
        rows.forEach(r -> categories.add(String.valueOf(r.getFirst())));
        List<String> x = columns.getFirst().equals("day") ? days(categories) : List.copyOf(categories);
        Map<String, Integer> position = new LinkedHashMap<>();
        x.forEach(value -> position.put(value, position.size()));
        Map<String, double[]> series = new LinkedHashMap<>();
        Map<String, String> metricOf = new LinkedHashMap<>();
        for (List<Object> row : rows) {
            Integer at = position.get(String.valueOf(row.getFirst()));
            if (at == null) {
                continue;
            }
            if (dimensions >= 2) {
                String name = String.valueOf(row.get(1));
                series.computeIfAbsent(name, n -> new double[x.size()])[at] += valueOf(row.get(metrics.getFirst()));
            } else {
                for (int m : metrics) {
                    series.computeIfAbsent(columns.get(m), n -> new double[x.size()])[at] += valueOf(row.get(m));
                    metricOf.put(columns.get(m), columns.get(m));
                }
            }
        }
        List<TemplateDashboard.Series> out = new ArrayList<>();
        series.forEach((name, data) -> out.add(new TemplateDashboard.Series(name, metricOf.get(name),
                Arrays.stream(data).boxed().toList())));
        return new TemplateDashboard.Chart(kind.equals("LINE") ? "line" : "bar", x, List.copyOf(out));
    }

    /** Every day from the first to the last of {@code values} (yyyy-MM-dd), or the values as they are when they are not days. */
    private static List<String> days(Set<String> values) {
        try {
            LocalDate first = values.stream().map(LocalDate::parse).min(LocalDate::compareTo).orElseThrow();
            LocalDate last = values.stream().map(LocalDate::parse).max(LocalDate::compareTo).orElseThrow();
            if (ChronoUnit.DAYS.between(first, last) > 1100) {
                return List.copyOf(values);
            }
            List<String> all = new ArrayList<>();
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                all.add(d.toString());
            }
            return all;
        } catch (DateTimeParseException | NoSuchElementException e) {
            return List.copyOf(values);
        }
    }

    private static double valueOf(Object cell) {
        return cell instanceof Double d ? d : 0;
    }

    private static Double asDouble(Object cell) {
        return cell instanceof Double d ? d : null;
    }

    /** A metric cell as a number; empty (an undefined change) is null; text that is no number stays text. */
    private static Object typed(String cell) {
        if (cell == null || cell.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(cell.trim()).doubleValue();
        } catch (NumberFormatException e) {
            return cell;
        }
    }

    private static LocalDate date(String text, LocalDate fallback) {
        try {
            return text == null || text.isEmpty() ? fallback : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }
}
