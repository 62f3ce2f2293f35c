package com.bi.analysis.domain.rollup;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.bi.orders.OrderLine;

/**
 * What is stored of an order that decides its rollup contribution and whether an update is newer: the pay day as it
 * was computed when stored (in the zone of that time), and {@code modified} at the store's microsecond precision.
 */
public record StoredOrder(String shopId, String platform, boolean counted, LocalDate payDay, BigDecimal payAmount,
                          BigDecimal refundAmount, int units, Instant modified, long version, List<OrderLine> lines) {
    public StoredOrder {
        lines = List.copyOf(lines);
    }
}
