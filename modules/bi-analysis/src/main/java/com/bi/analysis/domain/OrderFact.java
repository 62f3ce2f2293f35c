package com.bi.analysis.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.bi.orders.OrderLine;

/** An order as stored: the last applied state, its pay day in the zone of the time it was stored (or rebuilt). */
public record OrderFact(String source, String externalOrderId, String shopId, String platform, Instant orderTime,
                        Instant payTime, String status, boolean counted, LocalDate payDay, BigDecimal payAmount,
                        BigDecimal freight, BigDecimal discount, BigDecimal refundAmount, int units, Instant modifiedTime,
                        long version, List<OrderLine> items) {
    public OrderFact {
        items = List.copyOf(items);
    }
}
