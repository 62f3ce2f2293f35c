package com.bi.server.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.bi.common.error.ApiException;
import com.bi.common.security.CallerToken;

/**
 * The dashboard use case: one answer composed from bi-analysis's metric queries (KPI cards with the previous period,
 * the daily trend, the SKU ranking, the shop comparison) and the optional extra sections (plan attainment, a
 * template's render), all asked in parallel; a peer that cannot answer marks its section, never the whole answer.
 * Complete answers are cached per tenant and query through {@link CachedAnswers} (shared with the template
 * dashboards), keyed with the versions of the days they cover, so new orders for one of those days make them unreachable.
 */
public final class Dashboards {
    private static final Logger LOG = Logger.getLogger(Dashboards.class.getName());
    public static final List<String> KPI_METRICS = List.of("gmv", "orders", "units", "aov", "refund_amount", "refund_rate");
    public static final int SKU_TOP = 10;
    public static final String ANALYSIS = "bi-analysis";

    /** An extra section (plan attainment, template render): asked with the query, may throw like any peer call. */
    public interface Extra {
        String name();

        String service();

        Object fetch(String tenant, DashboardQuery query);
    }

    private final Metrics metrics;
    private final List<Extra> extras;
    private final CachedAnswers answers;
    private final Function<Dashboard, byte[]> encoder;

    public Dashboards(Metrics metrics, List<Extra> extras, CachedAnswers answers, Function<Dashboard, byte[]> encoder) {
        this.metrics = metrics;
        this.extras = List.copyOf(extras);
        this.answers = answers;
        this.encoder = encoder;
    }

    /** The dashboard of {@code tenant} for {@code query}: from the cache when an answer over unchanged days is there. */
    public CachedAnswers.Answer answer(String tenant, DashboardQuery query, String variant) {
        return answers.answer(tenant, variant + "|" + query.canonical(), List.of(new CachedAnswers.Days(query.compareFrom(), query.to())),
                () -> {
                    Dashboard dashboard = compose(tenant, query);
                    return new CachedAnswers.Composed(encoder.apply(dashboard), dashboard.complete());
                });
    }

    /** Asks every section in parallel (the caller's token goes with each call). */
    public Dashboard compose(String tenant, DashboardQuery query) {
        String token = CallerToken.current();
        Map<String, Callable<Section>> asks = new LinkedHashMap<>();
        asks.put("kpis", () -> section(ANALYSIS, () -> kpis(query)));
        asks.put("trend", () -> section(ANALYSIS, () -> trend(query)));
        asks.put("sku_ranking", () -> section(ANALYSIS, () -> skuRanking(query)));
        asks.put("shops", () -> section(ANALYSIS, () -> shops(query)));
        for (Extra extra : extras) {
            asks.put(extra.name(), () -> section(extra.service(), () -> extra.fetch(tenant, query)));
        }
        Map<String, Section> sections = new LinkedHashMap<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<Section>> running = new LinkedHashMap<>();
            asks.forEach((name, ask) -> running.put(name, threads.submit(() -> {
                CallerToken.bind(token);
                try {
                    return ask.call();
                } finally {
                    CallerToken.bind(null);
                }
            })));
            for (var entry : running.entrySet()) {
                sections.put(entry.getKey(), await(entry.getValue(), serviceOf(entry.getKey())));
            }
        }
        boolean complete = sections.values().stream().allMatch(Section::succeeded);
        return new Dashboard(query.range(), query.from(), query.to(), query.compareFrom(), query.from().minusDays(1),
                query.shops(), query.platform().orElse(null), sections, complete);
    }

    private String serviceOf(String section) {
        return extras.stream().filter(e -> e.name().equals(section)).map(Extra::service).findFirst().orElse(ANALYSIS);
    }

    private static Section await(Future<Section> future, String service) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            return Section.error(service, "failed: " + e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Section.unavailable(service, "interrupted");
        }
    }

    private static Section section(String service, Callable<Object> fetch) {
        try {
            return Section.ok(service, fetch.call());
        } catch (PeerUnavailableException e) {
            return Section.unavailable(e.peer(), e.getMessage());
        } catch (ApiException e) {
            return Section.error(service, e.getMessage());
        } catch (Exception e) {
            LOG.log(Level.WARNING, "a dashboard section of " + service + " failed", e);
            return Section.error(service, "failed: " + e.getClass().getSimpleName());
        }
    }

    List<Dashboard.Kpi> kpis(DashboardQuery query) {
        Metrics.Answer answer = metrics.query(Metrics.Question.of(query, KPI_METRICS, List.of()).comparing());
        List<Dashboard.Kpi> kpis = new ArrayList<>();
        for (String metric : KPI_METRICS) {
            kpis.add(Dashboard.Kpi.of(metric, answer.totals().getOrDefault(metric, 0.0),
                    answer.compareTotals().getOrDefault(metric, 0.0)));
        }
        return kpis;
    }

    /** One point per day of the range, zero where nothing sold (the chart's axis has no gaps). */
    List<Dashboard.TrendPoint> trend(DashboardQuery query) {
        Metrics.Answer answer = metrics.query(Metrics.Question.of(query, List.of("gmv", "orders"), List.of("day")));
        Map<String, Metrics.Row> byDay = new LinkedHashMap<>();
        answer.rows().forEach(row -> byDay.put(row.dimensions().get("day"), row));
        List<Dashboard.TrendPoint> points = new ArrayList<>();
        for (LocalDate day = query.from(); !day.isAfter(query.to()); day = day.plusDays(1)) {
            Metrics.Row row = byDay.get(day.toString());
            points.add(row == null ? new Dashboard.TrendPoint(day.toString(), 0, 0)
                    : new Dashboard.TrendPoint(day.toString(), row.values().getOrDefault("gmv", 0.0), row.values().getOrDefault("orders", 0.0)));
        }
        return points;
    }

    List<Dashboard.SkuRank> skuRanking(DashboardQuery query) {
        Metrics.Answer answer = metrics.query(Metrics.Question.of(query, List.of("gmv", "units"), List.of("sku")).top("gmv", SKU_TOP));
        List<Dashboard.SkuRank> ranks = new ArrayList<>();
        for (Metrics.Row row : answer.rows()) {
            ranks.add(new Dashboard.SkuRank(ranks.size() + 1, row.dimensions().get("sku"), row.values().getOrDefault("gmv", 0.0),
                    row.values().getOrDefault("units", 0.0)));
        }
        return ranks;
    }

    List<Dashboard.ShopRow> shops(DashboardQuery query) {
        Metrics.Answer answer = metrics.query(Metrics.Question.of(query, List.of("gmv", "orders"), List.of("shop")).comparing().top("gmv", 0));
        List<Dashboard.ShopRow> rows = new ArrayList<>();
        for (Metrics.Row row : answer.rows()) {
            double gmv = row.values().getOrDefault("gmv", 0.0);
            double previous = row.compare().getOrDefault("gmv", 0.0);
            rows.add(new Dashboard.ShopRow(row.dimensions().get("shop"), gmv, row.values().getOrDefault("orders", 0.0), previous,
                    previous == 0 ? null : (gmv - previous) / previous));
        }
        return rows;
    }
}
