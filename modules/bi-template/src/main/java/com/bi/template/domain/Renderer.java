package com.bi.template.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.bi.common.error.ApiException;

/**
 * Renders a template's panels in parallel, one virtual thread each, all against one deadline (the per-panel timeout
 * from the start): a panel that fails or is still running at the deadline is marked ERROR or TIMEOUT (and its thread
 * interrupted), the others are kept. One panel never fails the whole rendering.
 */
public final class Renderer {
    private static final Logger LOG = Logger.getLogger(Renderer.class.getName());
    private final MetricSource source;
    private final Duration panelTimeout;

    public Renderer(MetricSource source, Duration panelTimeout) {
        this.source = source;
        this.panelTimeout = panelTimeout;
    }

    public Rendering render(Template template, Bindings bindings, LocalDate today, String timeZone, RenderContext context) {
        List<Panel> panels = template.panels();
        List<Future<PanelResult>> running = new ArrayList<>(panels.size());
        // not try-with-resources: close() would wait for a panel that ignores the interrupt
        ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("render-panel-", 0).factory());
        long deadline = System.nanoTime() + panelTimeout.toNanos();
        try {
            for (Panel panel : panels) {
                running.add(threads.submit(() -> renderPanel(panel, bindings, today, context)));
            }
            List<PanelResult> results = new ArrayList<>(panels.size());
            for (int i = 0; i < panels.size(); i++) {
                results.add(await(panels.get(i), running.get(i), deadline, bindings.rangeOf(panels.get(i).query(), today)));
            }
            DateRange range = bindings.range() != null ? bindings.range() : results.getFirst().range();
            return new Rendering(template.id(), template.name(), range, timeZone, List.copyOf(results));
        } finally {
            threads.shutdownNow();
        }
    }

    private PanelResult await(Panel panel, Future<PanelResult> future, long deadline, DateRange range) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return PanelResult.failed(panel, PanelResult.Status.TIMEOUT, "no answer within " + panelTimeout.toMillis() + " ms", range);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return PanelResult.failed(panel, PanelResult.Status.ERROR, "rendering interrupted", range);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ApiException api && api.status() == 504) {
                return PanelResult.failed(panel, PanelResult.Status.TIMEOUT, api.getMessage(), range);
            }
            if (cause instanceof ApiException api) {
                return PanelResult.failed(panel, PanelResult.Status.ERROR, api.getMessage(), range);
            }
            LOG.log(Level.WARNING, "panel " + panel.id() + " failed", cause);
            return PanelResult.failed(panel, PanelResult.Status.ERROR, "the panel's query failed ("
                    + cause.getClass().getSimpleName() + ")", range);
        }
    }

    private PanelResult renderPanel(Panel panel, Bindings bindings, LocalDate today, RenderContext context) {
        PanelQuery q = panel.query();
        DateRange range = bindings.rangeOf(q, today);
        List<PanelQuery.Filter> filters = new ArrayList<>();
        for (PanelQuery.Filter f : q.filters()) {
            List<String> values = new ArrayList<>();
            boolean fromVariable = false;
            for (String value : f.values()) {
                String reference = TemplateValidation.reference(value, "filters", "");
                if (reference == null) {
                    values.add(value);
                } else {
                    fromVariable = true;
                    values.addAll(bindings.values().getOrDefault(reference, List.of()));
                }
            }
            if (values.isEmpty() && fromVariable) {
                continue; // an empty variable means no filter: all shops, all platforms
            }
            String op = f.op() == null || f.op().isEmpty() ? "in" : f.op();
            filters.add(new PanelQuery.Filter(f.field(), op.equals("eq") && values.size() > 1 ? "in" : op, values));
        }
        MetricRequest request = new MetricRequest(q.metrics(), q.dimensions(), range.from(), range.to(), filters,
                q.compare() == null ? "" : q.compare(), q.orderBy(), q.limit() == null ? 0 : q.limit());
        MetricAnswer answer = source.query(context, request, panelTimeout);
        return shape(panel, range, answer);
    }

    static PanelResult shape(Panel panel, DateRange range, MetricAnswer answer) {
        PanelQuery q = panel.query();
        boolean compares = q.compare() != null && !q.compare().isEmpty();
        List<String> columns = new ArrayList<>();
        List<Boolean> numeric = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        PanelResult.Kpi kpi = null;
        if (panel.kind() == PanelKind.KPI) {
            columns.addAll(compares ? List.of("metric", "value", "previous", "change_pct") : List.of("metric", "value"));
            numeric.addAll(compares ? List.of(false, true, true, true) : List.of(false, true));
            for (String metric : q.metrics()) {
                double value = orZero(answer.totals().get(metric));
                Double previous = compares ? orZero(answer.compareTotals().get(metric)) : null;
                Double change = previous == null || previous == 0 ? null : (value - previous) / Math.abs(previous) * 100;
                List<String> row = new ArrayList<>(List.of(metric, format(value, MetricCatalog.scale(metric))));
                if (compares) {
                    row.add(format(previous, MetricCatalog.scale(metric)));
                    row.add(change == null ? "" : format(change, 1));
                }
                rows.add(row);
                if (kpi == null) {
                    kpi = new PanelResult.Kpi(metric, value, previous, change);
                }
            }
        } else {
            for (String d : q.dimensions()) {
                columns.add(d);
                numeric.add(false);
            }
            for (String m : q.metrics()) {
                columns.add(m);
                numeric.add(true);
            }
            if (compares) {
                for (String m : q.metrics()) {
                    columns.add(m + "_previous");
                    numeric.add(true);
                }
            }
            for (MetricAnswer.Row r : answer.rows()) {
                List<String> row = new ArrayList<>(columns.size());
                for (String d : q.dimensions()) {
                    row.add(r.dimensions().getOrDefault(d, ""));
                }
                for (String m : q.metrics()) {
                    row.add(format(orZero(r.metrics().get(m)), MetricCatalog.scale(m)));
                }
                if (compares) {
                    Map<String, Double> previous = r.compare() == null ? Map.of() : r.compare();
                    for (String m : q.metrics()) {
                        row.add(format(orZero(previous.get(m)), MetricCatalog.scale(m)));
                    }
                }
                rows.add(List.copyOf(row));
            }
        }
        return new PanelResult(panel.id(), panel.title(), panel.kind(), PanelResult.Status.OK, "", range, List.copyOf(columns),
                List.copyOf(numeric), List.copyOf(rows), kpi, answer);
    }

    private static double orZero(Double value) {
        return value == null || value.isNaN() || value.isInfinite() ? 0 : value;
    }

    static String format(double value, int scale) {
        return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }
}
