package com.bi.chat.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a query and bi-analysis's result into the sentence, the table and the chart spec. Money is ¥ with two
 * decimals and thousands separators, counts are whole, the refund rate and changes are percentages.
 */
public final class Answers {
    private static final List<String> MONEY = List.of("gmv", "aov", "refund_amount");

    private Answers() {
    }

    record Composed(String sentence, List<String> columns, List<List<String>> rows, Map<String, Object> chart,
                    List<String> suggestions) {
    }

    static Composed compose(Parsed.Query parsed, MetricEngine.Result result, Names names) {
        ChatQuery q = parsed.query();
        boolean zh = "zh".equals(parsed.locale());
        Messages say = Messages.of(parsed.locale());
        Map<String, String> shopNames = names.shopNames();
        Map<String, String> skuNames = names.skuNames();
        boolean compared = !q.compare().isEmpty();

        List<String> columns = new ArrayList<>();
        q.dimensions().forEach(d -> columns.add(dimensionTitle(d, zh)));
        for (String m : q.metrics()) {
            columns.add(say.metricName(m));
            if (compared) {
                columns.add(zh ? say.metricName(m) + "（对比期）" : say.metricName(m) + " (comparison)");
                columns.add(zh ? say.metricName(m) + "变化" : say.metricName(m) + " change");
            }
        }
        List<List<String>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (MetricEngine.Row row : result.rows()) {
            List<String> cells = new ArrayList<>();
            List<String> labelParts = new ArrayList<>();
            for (String d : q.dimensions()) {
                String label = label(d, row.dimensions().get(d), shopNames, skuNames, zh);
                cells.add(label);
                labelParts.add(label);
            }
            labels.add(String.join(" / ", labelParts));
            for (String m : q.metrics()) {
                Double value = row.metrics().get(m);
                cells.add(format(m, value));
                if (compared) {
                    Double previous = row.compare() == null ? null : row.compare().get(m);
                    cells.add(format(m, previous));
                    cells.add(change(value, previous));
                }
            }
            rows.add(cells);
        }

        String period = periodText(parsed, q, zh);
        String scope = scopeText(q, shopNames, skuNames, zh);
        StringBuilder sentence = new StringBuilder();
        if (q.dimensions().isEmpty()) {
            Map<String, Double> values = result.rows().isEmpty() ? result.totals() : result.rows().getFirst().metrics();
            List<String> parts = new ArrayList<>();
            for (String m : q.metrics()) {
                Double value = values.get(m);
                String part = zh ? say.metricName(m) + "为" + format(m, value) : say.metricName(m) + " was " + format(m, value);
                if (compared) {
                    Double previous = result.compareTotals().get(m);
                    if (previous == null && !result.rows().isEmpty() && result.rows().getFirst().compare() != null) {
                        previous = result.rows().getFirst().compare().get(m);
                    }
                    part += zh ? "，对比期（" + result.compareFrom() + "至" + result.compareTo() + "）为" + format(m, previous)
                            + "，变化" + change(value, previous)
                            : ", against " + format(m, previous) + " in " + result.compareFrom() + " – " + result.compareTo()
                            + " (" + change(value, previous) + ")";
                }
                parts.add(part);
            }
            sentence.append(zh ? period + scope + "，" + String.join("；", parts) + "。"
                    : capitalize(period) + scope + ", " + String.join("; ", parts) + ".");
        } else if (result.rows().isEmpty()) {
            sentence.append(zh ? period + scope + "没有数据。" : "No data for " + period + scope + ".");
        } else {
            String m = q.metrics().getFirst();
            String by = String.join(zh ? "和" : " and ", q.dimensions().stream().map(d -> dimensionTitle(d, zh)).toList());
            boolean ranked = q.dimensions().stream().noneMatch(ChatQuery::timeDimension);
            int best = 0;
            for (int i = 1; i < result.rows().size(); i++) {
                if (value(result.rows().get(i), m) > value(result.rows().get(best), m)) {
                    best = i;
                }
            }
            int shown = ranked ? 0 : best;
            boolean ascending = ranked && q.orderBy().stream().anyMatch(s -> s.field().equals(m) && s.direction().equals("asc"));
            Double total = result.totals().get(m);
            String head = ascending ? (zh ? "最低" : "lowest") : (zh ? "最高" : "highest");
            if (zh) {
                sentence.append(period).append(scope).append("按").append(by).append("的").append(say.metricName(m))
                        .append("：共").append(rows.size()).append("行");
                if (total != null) {
                    sentence.append("，合计").append(format(m, total));
                }
                sentence.append("；").append(head).append("是").append(labels.get(shown)).append("，")
                        .append(format(m, value(result.rows().get(shown), m))).append("。");
            } else {
                sentence.append(capitalize(say.metricName(m))).append(" by ").append(by).append(" for ").append(period).append(scope)
                        .append(": ").append(rows.size()).append(rows.size() == 1 ? " row" : " rows");
                if (total != null) {
                    sentence.append(", total ").append(format(m, total));
                }
                sentence.append("; ").append(head).append(": ").append(labels.get(shown)).append(" (")
                        .append(format(m, value(result.rows().get(shown), m))).append(").");
            }
        }
        return new Composed(sentence.toString(), columns, rows, chart(q, result, labels, say, zh), next(q, say, zh));
    }

    private static Map<String, Object> chart(ChatQuery q, MetricEngine.Result result, List<String> labels, Messages say, boolean zh) {
        Map<String, Object> chart = new LinkedHashMap<>();
        if (q.dimensions().isEmpty()) {
            chart.put("type", "kpi");
            List<Map<String, Object>> items = new ArrayList<>();
            Map<String, Double> values = result.rows().isEmpty() ? result.totals() : result.rows().getFirst().metrics();
            for (String m : q.metrics()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("name", say.metricName(m));
                item.put("value", values.get(m));
                item.put("formatted", format(m, values.get(m)));
                if (!q.compare().isEmpty()) {
                    Double previous = result.compareTotals().get(m);
                    item.put("previous", previous);
                    item.put("change", change(values.get(m), previous));
                }
                items.add(item);
            }
            chart.put("items", items);
            return chart;
        }
        if (q.dimensions().size() > 1) {
            chart.put("type", "table");
            return chart;
        }
        String dimension = q.dimensions().getFirst();
        chart.put("type", ChatQuery.timeDimension(dimension) ? "line" : "bar");
        chart.put("x", Map.of("name", dimensionTitle(dimension, zh), "data", labels));
        List<Map<String, Object>> series = new ArrayList<>();
        for (String m : q.metrics()) {
            series.add(series(say.metricName(m), m, result.rows().stream().map(r -> r.metrics().get(m)).toList()));
            if (!q.compare().isEmpty()) {
                series.add(series(zh ? say.metricName(m) + "（对比期）" : say.metricName(m) + " (comparison)", m,
                        result.rows().stream().map(r -> r.compare() == null ? null : r.compare().get(m)).toList()));
            }
        }
        chart.put("series", series);
        return chart;
    }

    private static Map<String, Object> series(String name, String metric, List<Double> data) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("metric", metric);
        s.put("unit", MONEY.contains(metric) ? "CNY" : metric.equals("refund_rate") ? "ratio" : "count");
        s.put("data", data);
        return s;
    }

    private static List<String> next(ChatQuery q, Messages say, boolean zh) {
        List<String> out = new ArrayList<>();
        String m = say.metricName(q.metrics().getFirst());
        if (!q.dimensions().contains("day")) {
            out.add(zh ? "按天看" : "by day");
        }
        if (!q.dimensions().contains("shop")) {
            out.add(zh ? "按店铺看" : "by shop");
        }
        if (q.compare().isEmpty()) {
            out.add(zh ? m + "环比呢" : "vs previous period");
        }
        out.add(zh ? "那上个月呢" : "what about last month?");
        return out;
    }

    private static double value(MetricEngine.Row row, String metric) {
        Double v = row.metrics().get(metric);
        return v == null ? Double.NEGATIVE_INFINITY : v;
    }

    static String format(String metric, Double value) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            return "—";
        }
        if (MONEY.contains(metric)) {
            return "¥" + pattern("#,##0.00").format(BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP));
        }
        if (metric.equals("refund_rate")) {
            return pattern("0.00").format(BigDecimal.valueOf(value * 100).setScale(2, RoundingMode.HALF_UP)) + "%";
        }
        return pattern("#,##0").format(BigDecimal.valueOf(value).setScale(0, RoundingMode.HALF_UP));
    }

    /** The relative change as +12.30% / -5.00%, or — when the comparison is missing or zero. */
    static String change(Double value, Double previous) {
        if (value == null || previous == null || previous == 0) {
            return "—";
        }
        BigDecimal pct = BigDecimal.valueOf((value - previous) / Math.abs(previous) * 100).setScale(2, RoundingMode.HALF_UP);
        return (pct.signum() > 0 ? "+" : "") + pattern("0.00").format(pct) + "%";
    }

    private static DecimalFormat pattern(String pattern) {
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
    }

    static String dimensionTitle(String dimension, boolean zh) {
        return switch (dimension) {
            case "day" -> zh ? "日期" : "day";
            case "week" -> zh ? "周" : "week";
            case "month" -> zh ? "月份" : "month";
            case "shop" -> zh ? "店铺" : "shop";
            case "platform" -> zh ? "平台" : "platform";
            case "sku" -> "SKU";
            case "category" -> zh ? "类目" : "category";
            default -> dimension;
        };
    }

    private static String label(String dimension, String value, Map<String, String> shops, Map<String, String> skus, boolean zh) {
        if (value == null || value.isEmpty()) {
            return zh ? "（未知）" : "(unknown)";
        }
        return switch (dimension) {
            case "shop" -> shops.getOrDefault(value, value);
            case "sku" -> skus.containsKey(value) ? value + " " + skus.get(value) : value;
            case "platform" -> platformName(value, zh);
            default -> value;
        };
    }

    static String platformName(String platform, boolean zh) {
        return switch (platform) {
            case "TMALL" -> zh ? "天猫" : "Tmall";
            case "TAOBAO" -> zh ? "淘宝" : "Taobao";
            case "JD" -> zh ? "京东" : "JD";
            case "PDD" -> zh ? "拼多多" : "Pinduoduo";
            case "DOUYIN" -> zh ? "抖音" : "Douyin";
            default -> platform;
        };
    }

    private static String periodText(Parsed.Query parsed, ChatQuery q, boolean zh) {
        String range = q.from().equals(q.to()) ? q.from().toString() : zh ? q.from() + "至" + q.to() : q.from() + " – " + q.to();
        String words = parsed.period() == null || parsed.period().isBlank() ? "" : parsed.period();
        if (words.isEmpty()) {
            return range;
        }
        return zh ? words + "（" + range + "）" : words + " (" + range + ")";
    }

    private static String scopeText(ChatQuery q, Map<String, String> shops, Map<String, String> skus, boolean zh) {
        List<String> parts = new ArrayList<>();
        for (ChatQuery.Filter f : q.filters()) {
            List<String> values = f.values().stream().map(v -> label(f.field(), v, shops, skus, zh)).toList();
            String joined = String.join(zh ? "、" : ", ", values);
            parts.add(f.op().equals("not_in") ? (zh ? "不含" : "excluding ") + joined : joined);
        }
        if (parts.isEmpty()) {
            return "";
        }
        return zh ? "（" + String.join("，", parts) + "）" : " (" + String.join("; ", parts) + ")";
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
