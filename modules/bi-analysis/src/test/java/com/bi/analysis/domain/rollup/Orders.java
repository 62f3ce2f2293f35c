package com.bi.analysis.domain.rollup;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.bi.orders.OrderEvent;
import com.bi.orders.OrderLine;

/** Builds order events for the rollup tests: one order, changed one field at a time. */
record Orders(String tenant, String id, String shop, String platform, Instant payTime, String status, BigDecimal pay,
              BigDecimal refund, Instant modified, long version, List<OrderLine> lines) {
    static final Instant T0 = Instant.parse("2024-06-01T02:00:00Z");

    static Orders order(String id) {
        return new Orders("t1", id, "shop-1", "TMALL", T0, "PAID", new BigDecimal("100.00"), BigDecimal.ZERO, T0, 1,
                List.of(line("SKU-A", "shoes", 1, "100.00")));
    }

    static OrderLine line(String sku, String category, int quantity, String amount) {
        return new OrderLine(sku, category, quantity, new BigDecimal(amount), BigDecimal.ZERO);
    }

    static OrderLine line(String sku, String category, int quantity, String amount, String refund) {
        return new OrderLine(sku, category, quantity, new BigDecimal(amount), new BigDecimal(refund));
    }

    Orders shop(String s) {
        return new Orders(tenant, id, s, platform, payTime, status, pay, refund, modified, version, lines);
    }

    Orders paidAt(Instant t) {
        return new Orders(tenant, id, shop, platform, t, status, pay, refund, modified, version, lines);
    }

    Orders status(String s) {
        return new Orders(tenant, id, shop, platform, payTime, s, pay, refund, modified, version, lines);
    }

    Orders pay(String amount) {
        return new Orders(tenant, id, shop, platform, payTime, status, new BigDecimal(amount), refund, modified, version, lines);
    }

    Orders refund(String amount) {
        return new Orders(tenant, id, shop, platform, payTime, status, pay, new BigDecimal(amount), modified, version, lines);
    }

    Orders modified(Instant t, long v) {
        return new Orders(tenant, id, shop, platform, payTime, status, pay, refund, t, v, lines);
    }

    Orders lines(OrderLine... l) {
        return new Orders(tenant, id, shop, platform, payTime, status, pay, refund, modified, version, List.of(l));
    }

    Orders tenant(String t) {
        return new Orders(t, id, shop, platform, payTime, status, pay, refund, modified, version, lines);
    }

    OrderEvent event() {
        return new OrderEvent(tenant, "JST", id, shop, platform, T0.minusSeconds(60), payTime, status, "buyer-" + id,
                pay, BigDecimal.ZERO, BigDecimal.ZERO, refund, modified, version, lines);
    }
}
