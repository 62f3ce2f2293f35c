package com.bi.chat.domain;

import java.util.List;

/** The sentences of clarifications and refusals, and the suggested questions, in Chinese or English. */
abstract class Messages {
    static Messages of(String locale) {
        return "zh".equals(locale) ? ZH : EN;
    }

    abstract String empty();

    abstract String tooLong(int max);

    abstract String notUnderstood();

    abstract String unknownMetric(String word);

    abstract String whichMetric();

    abstract String whichPeriod();

    abstract String whichCompare();

    abstract String future();

    abstract String oneTimeDimension();

    abstract String tooManyDimensions();

    abstract String topRange(int max);

    abstract String topOfWhat(int n);

    abstract String whichName(List<String> names);

    abstract String withName(String name, String question);

    abstract String invalid(String detail);

    abstract List<String> examples();

    abstract String metricName(String metric);

    List<String> metricSuggestions(String question) {
        return List.of(question + " " + metricName("gmv"), question + " " + metricName("orders"), question + " " + metricName("aov"));
    }

    abstract List<String> periodSuggestions(List<String> metrics);

    abstract List<String> compareSuggestions(List<String> metrics);

    abstract List<String> dimensionSuggestions(List<String> metrics);

    abstract List<String> topSuggestions(int n, List<String> metrics);

    static String knownMetrics(Messages say) {
        return String.join(", ", ChatQuery.METRICS.stream().map(say::metricName).toList());
    }

    static final Messages ZH = new Messages() {
        String empty() {
            return "请输入一个问题，例如“昨天的GMV是多少”。";
        }

        String tooLong(int max) {
            return "问题太长了（最多 " + max + " 个字），请简短地问一个指标。";
        }

        String notUnderstood() {
            return "抱歉，我没有理解这个问题。我可以回答这些指标：" + knownMetrics(this) + "，可按日、周、月、店铺、平台、SKU、类目查看。";
        }

        String unknownMetric(String word) {
            return "暂时没有“" + word + "”这个指标。我能回答的指标有：" + knownMetrics(this) + "。";
        }

        String whichMetric() {
            return "您想看哪个指标？可选：" + knownMetrics(this) + "。";
        }

        String whichPeriod() {
            return "您想看哪段时间？例如昨天、上周、本月、最近30天。";
        }

        String whichCompare() {
            return "您要环比（与上一期比）还是同比（与去年同期比）？";
        }

        String future() {
            return "这段时间还没有开始，请换一个已经开始的时间段。";
        }

        String oneTimeDimension() {
            return "按日、按周、按月只能选一个，您想按哪个看？";
        }

        String tooManyDimensions() {
            return "一次最多按两个维度拆分，您最想按哪个看？";
        }

        String topRange(int max) {
            return "排名数量要在 1 到 " + max + " 之间。";
        }

        String topOfWhat(int n) {
            return "前" + n + "名指的是什么？店铺、商品（SKU）、平台还是类目？";
        }

        String whichName(List<String> names) {
            return "您指的是哪一个：" + String.join("、", names.stream().limit(5).toList()) + "？";
        }

        String withName(String name, String question) {
            return name + "：" + question;
        }

        String invalid(String detail) {
            return "这个问题无法变成有效的查询（" + detail + "），请换个问法。";
        }

        List<String> examples() {
            return List.of("昨天的GMV是多少", "上周各店铺GMV", "最近30天销量前5的商品", "本月订单数环比");
        }

        String metricName(String metric) {
            return switch (metric) {
                case "gmv" -> "GMV";
                case "orders" -> "订单数";
                case "units" -> "销量";
                case "buyers" -> "买家数";
                case "aov" -> "客单价";
                case "refund_amount" -> "退款金额";
                case "refund_rate" -> "退款率";
                default -> metric;
            };
        }

        List<String> periodSuggestions(List<String> metrics) {
            String m = metrics.isEmpty() ? "GMV" : metricName(metrics.getFirst());
            return List.of("昨天的" + m, "上周的" + m, "本月的" + m, "最近30天的" + m);
        }

        List<String> compareSuggestions(List<String> metrics) {
            String m = metricName(metrics.getFirst());
            return List.of("本月" + m + "环比", "本月" + m + "同比");
        }

        List<String> dimensionSuggestions(List<String> metrics) {
            String m = metricName(metrics.getFirst());
            return List.of("最近30天每天的" + m, "上周各店铺" + m, "本月各平台" + m);
        }

        List<String> topSuggestions(int n, List<String> metrics) {
            String m = metricName(metrics.getFirst());
            return List.of("最近30天" + m + "前" + n + "的店铺", "最近30天" + m + "前" + n + "的商品");
        }
    };

    static final Messages EN = new Messages() {
        String empty() {
            return "Please ask a question, for example \"GMV yesterday\".";
        }

        String tooLong(int max) {
            return "That question is too long (at most " + max + " characters); please ask about one metric.";
        }

        String notUnderstood() {
            return "Sorry, I did not understand that. I can answer " + knownMetrics(this)
                    + ", by day, week, month, shop, platform, SKU or category.";
        }

        String unknownMetric(String word) {
            return "There is no \"" + word + "\" metric yet. The metrics I know are: " + knownMetrics(this) + ".";
        }

        String whichMetric() {
            return "Which metric would you like? One of: " + knownMetrics(this) + ".";
        }

        String whichPeriod() {
            return "For which period? For example yesterday, last week, this month or the last 30 days.";
        }

        String whichCompare() {
            return "Compare with the previous period or with the same period last year?";
        }

        String future() {
            return "That period has not started yet; please pick one that has.";
        }

        String oneTimeDimension() {
            return "Pick one of by day, by week or by month.";
        }

        String tooManyDimensions() {
            return "I can split by at most two dimensions at once; which matters most?";
        }

        String topRange(int max) {
            return "A ranking takes between 1 and " + max + " entries.";
        }

        String topOfWhat(int n) {
            return "Top " + n + " of what: shops, SKUs, platforms or categories?";
        }

        String whichName(List<String> names) {
            return "Which one do you mean: " + String.join(", ", names.stream().limit(5).toList()) + "?";
        }

        String withName(String name, String question) {
            return name + ": " + question;
        }

        String invalid(String detail) {
            return "That question does not make a valid query (" + detail + "); please rephrase it.";
        }

        List<String> examples() {
            return List.of("GMV yesterday", "GMV by shop last week", "top 5 SKUs by units last 30 days",
                    "orders this month vs previous period");
        }

        String metricName(String metric) {
            return switch (metric) {
                case "gmv" -> "GMV";
                case "orders" -> "orders";
                case "units" -> "units";
                case "buyers" -> "buyers";
                case "aov" -> "AOV";
                case "refund_amount" -> "refund amount";
                case "refund_rate" -> "refund rate";
                default -> metric;
            };
        }

        List<String> periodSuggestions(List<String> metrics) {
            String m = metrics.isEmpty() ? "GMV" : metricName(metrics.getFirst());
            return List.of(m + " yesterday", m + " last week", m + " this month", m + " last 30 days");
        }

        List<String> compareSuggestions(List<String> metrics) {
            String m = metricName(metrics.getFirst());
            return List.of(m + " this month vs previous period", m + " this month year over year");
        }

        List<String> dimensionSuggestions(List<String> metrics) {
            String m = metricName(metrics.getFirst());
            return List.of("daily " + m + " last 30 days", m + " by shop last week", m + " by platform this month");
        }

        List<String> topSuggestions(int n, List<String> metrics) {
            String m = metricName(metrics.getFirst());
            return List.of("top " + n + " shops by " + m + " last 30 days", "top " + n + " SKUs by " + m + " last 30 days");
        }
    };
}
