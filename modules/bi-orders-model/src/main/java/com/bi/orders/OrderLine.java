package com.bi.orders;

import java.math.BigDecimal;

/** One line of an order: SKU, its category (may be empty), quantity, what the buyer paid for it and what was refunded. */
public record OrderLine(String sku, String category, int quantity, BigDecimal amount, BigDecimal refundAmount) {
    public OrderLine {
        category = category == null ? "" : category;
        refundAmount = refundAmount == null ? BigDecimal.ZERO : refundAmount;
    }
}
