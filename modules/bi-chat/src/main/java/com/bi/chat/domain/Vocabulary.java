package com.bi.chat.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The word lists of the grammar (README "Word lists" prints them from here). A phrase of Latin letters matches
 * as whole words; a Chinese phrase anywhere. Longer phrases are tried first and what matched is masked, so
 * "退款率" is never also "退款", nor "average order value" also "orders".
 */
final class Vocabulary {
    static final Map<String, List<String>> METRICS = new LinkedHashMap<>();
    static final Map<String, List<String>> DIMENSIONS = new LinkedHashMap<>();
    static final Map<String, List<String>> PLATFORMS = new LinkedHashMap<>();
    /** Measures sellers ask for that bi-analysis does not have: a refusal that lists what it has. */
    static final List<String> UNKNOWN_METRICS = List.of("利润", "毛利", "净利", "利润率", "毛利率", "profit", "profits", "margin",
            "库存", "inventory", "stock", "流量", "访客", "访客数", "浏览量", "uv", "pv", "visitors", "traffic", "page views",
            "转化率", "conversion", "conversion rate", "点击", "点击率", "clicks", "ctr", "roi", "广告", "ad spend", "ads",
            "花费", "成本", "cost", "costs", "好评", "好评率", "评分", "rating", "ratings", "reviews", "收藏", "加购", "粉丝",
            "followers", "复购率", "repurchase rate", "retention", "物流", "发货", "shipping", "weather", "天气", "股价", "stock price");
    static final List<String> NEGATION = List.of("除了", "除", "不含", "不包括", "排除", "excluding", "except", "without", "not");
    static final List<String> COMPARE_WORDS = List.of("compare", "compared", "comparing", "versus", "vs", "vs.", "对比", "比较", "相比", "比一比");
    static final List<String> PREVIOUS_PERIOD = List.of("环比", "比上期", "较上期", "与上期相比", "和上期比", "上期对比", "period over period",
            "vs previous period", "vs the previous period", "vs. previous period", "compared to the previous period",
            "compared with the previous period", "previous period", "prior period");
    static final List<String> YEAR_OVER_YEAR = List.of("同比", "去年同期", "与去年同期相比", "year over year", "year-over-year", "yoy",
            "same period last year", "vs last year", "vs. last year", "compared to last year", "compared with last year");
    /** Words that make a question a follow-up of the previous one in its conversation. */
    static final List<String> FOLLOW_UP = List.of("那", "那么", "呢", "只看", "仅看", "再看", "换成", "改成", "and", "what about",
            "how about", "only", "just", "instead", "same for", "also");

    static {
        METRICS.put("gmv", List.of("gmv", "销售额", "成交额", "营业额", "销售金额", "成交金额", "交易额", "流水", "卖了多少钱", "sales",
                "revenue", "turnover", "gross merchandise value", "sales amount"));
        METRICS.put("orders", List.of("订单数", "订单量", "单量", "订单", "成交单数", "下单数", "多少单", "orders", "order count",
                "number of orders", "order volume"));
        METRICS.put("units", List.of("销量", "件数", "销售件数", "卖了多少件", "多少件", "units", "units sold", "unit sales", "quantity",
                "pieces", "items sold", "volume"));
        METRICS.put("buyers", List.of("买家数", "客户数", "购买人数", "下单人数", "顾客数", "买家", "buyers", "customers",
                "unique buyers", "shoppers", "number of buyers"));
        METRICS.put("aov", List.of("客单价", "平均订单金额", "笔单价", "平均客单价", "aov", "average order value", "avg order value",
                "average basket", "basket size", "average order"));
        METRICS.put("refund_amount", List.of("退款金额", "退款额", "退款", "退货金额", "refund amount", "refunds", "refunded amount",
                "refund", "amount refunded"));
        METRICS.put("refund_rate", List.of("退款率", "退货率", "refund rate", "refund ratio", "return rate", "rate of refunds"));

        DIMENSIONS.put("shop", List.of("各店铺", "各个店铺", "各店", "每个店铺", "每家店", "每个店", "分店铺", "按店铺", "店铺维度",
                "哪个店铺", "哪家店", "哪个店", "店铺排名", "店铺", "by shop", "per shop", "each shop", "by store", "per store",
                "each store", "shops", "stores", "which shop", "which store"));
        DIMENSIONS.put("platform", List.of("各平台", "各个平台", "分平台", "按平台", "每个平台", "哪个平台", "平台分布", "by platform",
                "per platform", "each platform", "platforms", "which platform", "by channel", "per channel", "channels"));
        DIMENSIONS.put("sku", List.of("各sku", "每个sku", "按sku", "哪些sku", "sku", "skus", "商品", "单品", "哪些商品", "哪个商品",
                "宝贝", "by sku", "per sku", "products", "by product", "per product", "which product", "which products",
                "best sellers", "bestsellers", "best-selling products"));
        DIMENSIONS.put("category", List.of("各类目", "各个类目", "按类目", "类目", "品类", "各品类", "分类", "by category", "per category",
                "categories", "which category"));
        DIMENSIONS.put("day", List.of("每天", "每日", "按天", "按日", "逐日", "日趋势", "趋势", "走势", "daily", "by day", "per day",
                "each day", "trend", "day by day", "over time"));
        DIMENSIONS.put("week", List.of("每周", "按周", "周趋势", "各周", "weekly", "by week", "per week", "each week"));
        DIMENSIONS.put("month", List.of("每月", "按月", "月度", "月趋势", "每个月", "各月", "monthly", "by month", "per month", "each month"));

        PLATFORMS.put("TMALL", List.of("天猫", "tmall", "tianmao"));
        PLATFORMS.put("TAOBAO", List.of("淘宝", "taobao", "c店"));
        PLATFORMS.put("JD", List.of("京东", "jd", "jingdong", "jd.com"));
        PLATFORMS.put("PDD", List.of("拼多多", "pdd", "pinduoduo"));
        PLATFORMS.put("DOUYIN", List.of("抖音", "抖店", "douyin", "tiktok"));
    }

    private Vocabulary() {
    }

    /** A phrase of one word list found at [start, end). */
    record Hit(String id, String phrase, int start, int end) {
    }

    /**
     * Finds the phrases of {@code lists} in {@code text} (longest first) and masks them in {@code text}; returns
     * the hits left to right.
     */
    static List<Hit> take(StringBuilder text, Map<String, List<String>> lists) {
        List<String[]> phrases = new ArrayList<>();
        lists.forEach((id, words) -> words.forEach(w -> phrases.add(new String[] {id, w})));
        phrases.sort(Comparator.comparingInt((String[] p) -> -p[1].length()));
        List<Hit> hits = new ArrayList<>();
        for (String[] p : phrases) {
            Matcher m = pattern(p[1]).matcher(text);
            int from = 0;
            while (from <= text.length() && m.find(from)) {
                hits.add(new Hit(p[0], p[1], m.start(), m.end()));
                mask(text, m.start(), m.end());
                from = m.end();
            }
        }
        hits.sort(Comparator.comparingInt(Hit::start));
        return hits;
    }

    static List<Hit> take(StringBuilder text, List<String> words, String id) {
        return take(text, Map.of(id, words));
    }

    static void mask(StringBuilder text, int start, int end) {
        for (int i = start; i < end; i++) {
            text.setCharAt(i, ' ');
        }
    }

    private static final Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Pattern pattern(String phrase) {
        return PATTERNS.computeIfAbsent(phrase, p -> {
            String quoted = Pattern.quote(p);
            boolean latinStart = Character.isLetterOrDigit(p.charAt(0)) && p.charAt(0) < 128;
            boolean latinEnd = Character.isLetterOrDigit(p.charAt(p.length() - 1)) && p.charAt(p.length() - 1) < 128;
            return Pattern.compile((latinStart ? "(?<![a-z0-9])" : "") + quoted + (latinEnd ? "(?![a-z0-9])" : ""));
        });
    }
}
