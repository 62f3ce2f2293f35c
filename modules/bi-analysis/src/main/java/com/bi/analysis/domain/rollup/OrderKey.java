package com.bi.analysis.domain.rollup;

import com.bi.orders.OrderEvent;

/** An order's identity within a tenant: where it came from and its id there. */
public record OrderKey(String source, String externalOrderId) {
    public static OrderKey of(OrderEvent event) {
        return new OrderKey(event.source(), event.externalOrderId());
    }
}
