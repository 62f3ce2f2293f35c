package com.bi.analysis.domain.rollup;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.bi.orders.OrderEvent;
import com.bi.orders.OrderLine;

/**
 * What one counted order adds to the rollups: to its shop's row of its pay day (gmv = pay amount, one order, its
 * units, its refund) and to one row per SKU of that day and shop (the SKU's line amounts, units and refunds; the
 * order once per SKU even when the SKU is on two lines). An order that is not counted contributes nothing.
 */
public record Contribution(LocalDate day, String shop, String platform, BigDecimal payAmount, BigDecimal refund, int units,
                           List<OrderLine> lines) {
    public Contribution {
        lines = List.copyOf(lines);
    }

    /** The event's contribution, its pay day taken in {@code zone}; empty when the order is not counted. */
    public static Optional<Contribution> of(OrderEvent event, ZoneId zone) {
        if (!event.counted()) {
            return Optional.empty();
        }
        return Optional.of(new Contribution(payDay(event, zone), event.shopId(), event.platform(), event.payAmount(),
                event.refundAmount(), units(event.items()), event.items()));
    }

    /** The stored state's contribution, on the pay day it was stored with; empty when it was not counted. */
    public static Optional<Contribution> of(StoredOrder stored) {
        if (!stored.counted()) {
            return Optional.empty();
        }
        return Optional.of(new Contribution(stored.payDay(), stored.shopId(), stored.platform(), stored.payAmount(),
                stored.refundAmount(), stored.units(), stored.lines()));
    }

    /** The tenant-local day an order counts on: its pay time in {@code zone}; null when it does not count. */
    public static LocalDate payDay(OrderEvent event, ZoneId zone) {
        return event.counted() ? event.payTime().atZone(zone).toLocalDate() : null;
    }

    public static int units(List<OrderLine> lines) {
        int units = 0;
        for (OrderLine line : lines) {
            units += line.quantity();
        }
        return units;
    }

    /** The shop row's measures. */
    public Measures shopMeasures() {
        return new Measures(platform, null, payAmount, 1, units, refund);
    }

    /** The SKU rows' measures, in line order of each SKU's first line. */
    public Map<SkuDay, Measures> skuMeasures() {
        Map<String, Measures> perSku = new LinkedHashMap<>();
        for (OrderLine line : lines) {
            Measures of = new Measures(platform, line.category(), line.amount(), 0, line.quantity(), line.refundAmount());
            perSku.merge(line.sku(), of, Measures::plus);
        }
        Map<SkuDay, Measures> rows = new LinkedHashMap<>();
        perSku.forEach((sku, m) -> rows.put(new SkuDay(day, shop, sku),
                new Measures(platform, m.category(), m.gmv(), 1, m.units(), m.refund())));
        return rows;
    }
}
