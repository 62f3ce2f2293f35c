package com.bi.orders.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.bi.orders.OrderCodec;
import com.bi.orders.OrderEvent;
import com.bi.orders.OrderLine;

/**
 * Deterministic, realistic demo orders for one tenant: shops across platforms, SKUs in categories with their
 * prices, daily seasonality (evening peak), weekly seasonality (weekends), promo peaks (6.18, 11.11, 12.12 with
 * a warm-up), repeat buyers, multi-line orders, cancellations and (partial) refunds. The same seed, tenant and
 * arguments give the same orders, byte for byte — tests, benchmarks and the demo all use it.
 */
public final class DemoData {
    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String[] CATEGORIES = {"apparel", "shoes", "beauty", "skincare", "snacks", "tea", "home",
            "kitchen", "toys", "digital", "sports", "pets"};
    private static final String[][] SHOPS = {
            {"tm-flagship", "TMALL"}, {"tb-outlet", "TAOBAO"}, {"tb-vintage", "TAOBAO"}, {"jd-self", "JD"},
            {"pdd-value", "PDD"}, {"dy-live", "DOUYIN"}, {"dy-brand", "DOUYIN"}, {"jd-global", "JD"}};

    /** Four goods a seller of each category lists, in {@link #CATEGORIES}' order: the SKUs' names. */
    private static final String[][] GOODS = {
            {"纯棉圆领T恤", "修身牛仔裤", "轻薄羽绒服", "针织开衫"}, {"缓震跑步鞋", "帆布休闲鞋", "真皮乐福鞋", "户外登山靴"},
            {"丝绒哑光口红", "持妆粉底液", "大地色眼影盘", "防水睫毛膏"}, {"玻尿酸补水面膜", "烟酰胺精华液", "氨基酸洁面乳", "清爽防晒霜"},
            {"每日坚果礼盒", "麻辣牛肉干", "海苔脆片", "芒果干"}, {"明前龙井", "云南普洱茶饼", "福鼎白茶", "正山小种红茶"},
            {"乳胶枕头", "纯棉四件套", "记忆棉床垫", "遮光窗帘"}, {"不粘炒锅", "陶瓷刀具套装", "智能电饭煲", "破壁料理机"},
            {"益智积木", "遥控越野车", "毛绒公仔", "儿童拼图"}, {"蓝牙耳机", "快充充电宝", "机械键盘", "无线鼠标"},
            {"加厚瑜伽垫", "速干运动服", "可调节哑铃", "计数跳绳"}, {"冻干猫粮", "全价狗粮", "瓦楞猫抓板", "宠物饮水机"}};

    public record Shop(String id, String platform) {
    }

    /** A SKU; its name is the category's good for its number ("纯棉圆领T恤"), with a series number from the 49th on. */
    public record Sku(String code, String category, BigDecimal price) {
        public String name() {
            int number = Integer.parseInt(code.substring(code.lastIndexOf('-') + 1));
            int categoryIndex = java.util.Arrays.asList(CATEGORIES).indexOf(category);
            if (categoryIndex < 0) {
                return category + " " + code;
            }
            String[] goods = GOODS[categoryIndex];
            int round = number / CATEGORIES.length;
            String good = goods[round % goods.length];
            int series = round / goods.length;
            return series == 0 ? good : good + " " + (series + 1) + "代";
        }
    }

    private final long seed;
    private final String tenant;
    private final String source;
    private final List<Shop> shops = new ArrayList<>();
    private final List<Sku> skus = new ArrayList<>();
    private final int buyers;

    public DemoData(long seed, String tenant, String source) {
        this(seed, tenant, source, 8, 240, 50_000);
    }

    public DemoData(long seed, String tenant, String source, int shopCount, int skuCount, int buyerCount) {
        this.seed = seed;
        this.tenant = tenant;
        this.source = source;
        this.buyers = buyerCount;
        for (int i = 0; i < shopCount; i++) {
            String[] shop = SHOPS[i % SHOPS.length];
            shops.add(new Shop(i < SHOPS.length ? shop[0] : shop[0] + "-" + (i / SHOPS.length), shop[1]));
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0x5eedL);
        for (int i = 0; i < skuCount; i++) {
            String category = CATEGORIES[i % CATEGORIES.length];
            double base = 9.9 + Math.pow(random.nextDouble(), 2.5) * 990;
            skus.add(new Sku("SKU-%04d".formatted(i), category, BigDecimal.valueOf(base).setScale(1, RoundingMode.HALF_UP)
                    .add(new BigDecimal("0.00"))));
        }
    }

    public List<Shop> shops() {
        return List.copyOf(shops);
    }

    public List<Sku> skus() {
        return List.copyOf(skus);
    }

    /** The relative order volume of a day: weekends, 6.18 / 11.11 / 12.12 with their warm-ups. */
    public static double dayWeight(LocalDate day) {
        double weight = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY ? 1.3 : 1.0;
        int month = day.getMonthValue();
        int dom = day.getDayOfMonth();
        if (month == 6 && dom == 18) {
            weight *= 6;
        } else if (month == 6 && dom >= 1 && dom < 18) {
            weight *= 1.5;
        } else if (month == 11 && dom == 11) {
            weight *= 12;
        } else if (month == 11 && dom >= 1 && dom < 11) {
            weight *= 1.8;
        } else if (month == 12 && dom == 12) {
            weight *= 4;
        }
        return weight;
    }

    /** {@code count} orders spread over [from, to] (inclusive, Shanghai days) by the day weights. */
    public Stream<OrderEvent> orders(LocalDate from, LocalDate to, long count) {
        int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
        double[] cumulative = new double[days];
        double sum = 0;
        for (int d = 0; d < days; d++) {
            sum += dayWeight(from.plusDays(d));
            cumulative[d] = sum;
        }
        final double total = sum;
        Iterator<OrderEvent> iterator = new Iterator<>() {
            long index;
            int day;

            @Override
            public boolean hasNext() {
                return index < count;
            }

            @Override
            public OrderEvent next() {
                if (index >= count) {
                    throw new NoSuchElementException();
                }
                // orders are dealt out day by day in proportion to the cumulative weight: index i falls on the day
                // whose cumulative share first exceeds (i + 0.5) / count
                double position = (index + 0.5) / count * total;
                while (day < days - 1 && cumulative[day] < position) {
                    day++;
                }
                OrderEvent order = order(index, from.plusDays(day));
                index++;
                return order;
            }
        };
        return StreamSupport.stream(Spliterators.spliterator(iterator, count, Spliterator.ORDERED | Spliterator.SIZED), false);
    }

    /** Order number {@code index} on {@code day}: the final state (paid, shipped, refunded or cancelled). */
    public OrderEvent order(long index, LocalDate day) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
        Shop shop = shops.get(pickSkewed(r, shops.size()));
        int secondOfDay = secondOfDay(r);
        Instant orderTime = day.atStartOfDay(SHANGHAI).plusSeconds(secondOfDay).toInstant();
        int lines = r.nextDouble() < 0.7 ? 1 : r.nextDouble() < 0.75 ? 2 : 3;
        List<OrderLine> items = new ArrayList<>();
        BigDecimal goods = BigDecimal.ZERO;
        double roll = r.nextDouble();
        String status;
        if (roll < 0.05) {
            status = "CANCELLED";
        } else if (roll < 0.12) {
            status = "REFUNDED";
        } else if (roll < 0.35) {
            status = "PAID";
        } else if (roll < 0.7) {
            status = "SHIPPED";
        } else {
            status = "COMPLETED";
        }
        boolean promo = dayWeight(day) > 1.4;
        BigDecimal refund = BigDecimal.ZERO;
        for (int l = 0; l < lines; l++) {
            Sku sku = skus.get(pickSkewed(r, skus.size()));
            int quantity = r.nextDouble() < 0.8 ? 1 : 2 + r.nextInt(3);
            BigDecimal price = promo ? sku.price().multiply(new BigDecimal("0.85")) : sku.price();
            BigDecimal amount = price.multiply(BigDecimal.valueOf(quantity)).setScale(2, RoundingMode.HALF_UP);
            BigDecimal lineRefund = BigDecimal.ZERO;
            if ("REFUNDED".equals(status) && (l == 0 || r.nextBoolean())) {
                lineRefund = l == 0 && r.nextDouble() < 0.3 ? amount.divide(BigDecimal.TWO, 2, RoundingMode.HALF_UP) : amount;
            }
            refund = refund.add(lineRefund);
            goods = goods.add(amount);
            items.add(new OrderLine(sku.code(), sku.category(), quantity, amount, lineRefund));
        }
        BigDecimal freight = goods.compareTo(new BigDecimal("99")) >= 0 ? BigDecimal.ZERO : new BigDecimal("8.00");
        BigDecimal discount = promo && goods.compareTo(new BigDecimal("300")) >= 0 ? new BigDecimal("30.00") : BigDecimal.ZERO;
        Instant payTime = "CANCELLED".equals(status) && r.nextDouble() < 0.6 ? null
                : orderTime.plusSeconds(5 + r.nextInt(600));
        Instant modified = orderTime.plusSeconds(3600 + r.nextInt(3 * 86_400));
        String buyer = "buyer-" + pickSkewed(r, buyers);
        return new OrderEvent(tenant, source, "D%09d".formatted(index), shop.id(), shop.platform(), orderTime, payTime,
                status, OrderCodec.buyerHash(tenant, buyer), goods.add(freight).subtract(discount), freight, discount, refund,
                modified, modified.getEpochSecond(), items);
    }

    /** An earlier state of {@code order} (paid, nothing refunded, modified earlier): for last-modified-wins tests. */
    public static OrderEvent earlierState(OrderEvent order) {
        List<OrderLine> lines = order.items().stream()
                .map(l -> new OrderLine(l.sku(), l.category(), l.quantity(), l.amount(), BigDecimal.ZERO)).toList();
        Instant modified = order.orderTime().plusSeconds(60);
        return new OrderEvent(order.tenantId(), order.source(), order.externalOrderId(), order.shopId(), order.platform(),
                order.orderTime(), order.payTime() == null ? order.orderTime().plusSeconds(30) : order.payTime(), "PAID",
                order.buyerHash(), order.payAmount(), order.freight(), order.discount(), BigDecimal.ZERO, modified,
                modified.getEpochSecond(), lines);
    }

    private static int secondOfDay(SplittableRandom r) {
        // evening peak (20:00-23:00), a lunch bump, a quiet night
        double u = r.nextDouble();
        int hour;
        if (u < 0.35) {
            hour = 20 + r.nextInt(3);
        } else if (u < 0.5) {
            hour = 12 + r.nextInt(2);
        } else if (u < 0.53) {
            hour = r.nextInt(7);
        } else {
            hour = 7 + r.nextInt(13);
        }
        return hour * 3600 + r.nextInt(3600);
    }

    /** Skewed towards the first entries (a few best sellers, a long tail). */
    private static int pickSkewed(SplittableRandom r, int n) {
        return (int) Math.min(n - 1, Math.floor(Math.pow(r.nextDouble(), 2.2) * n));
    }
}
