package com.bi.analysis.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.bi.analysis.domain.OrderFact;
import com.bi.analysis.domain.StoredReject;

/** The wire shapes of {@code GET /orders/{source}/{id}} and {@code GET /rejects} (snake_case, times as ISO text). */
record OrderResponse(String source, String externalOrderId, String shopId, String platform, String orderTime, String payTime,
                     String status, boolean counted, String payDay, BigDecimal payAmount, BigDecimal freight,
                     BigDecimal discount, BigDecimal refundAmount, int units, String modifiedTime, long version,
                     List<Line> items) {
    record Line(String sku, String category, int quantity, BigDecimal amount, BigDecimal refundAmount) {
    }

    record Reject(long id, String origin, String reason, String payload, String receivedAt) {
        static Reject of(StoredReject r) {
            return new Reject(r.id(), r.origin(), r.reason(), r.payload(), text(r.receivedAt()));
        }
    }

    static OrderResponse of(OrderFact f) {
        return new OrderResponse(f.source(), f.externalOrderId(), f.shopId(), f.platform(), text(f.orderTime()),
                text(f.payTime()), f.status(), f.counted(), f.payDay() == null ? null : f.payDay().toString(), f.payAmount(),
                f.freight(), f.discount(), f.refundAmount(), f.units(), text(f.modifiedTime()), f.version(),
                f.items().stream().map(l -> new Line(l.sku(), l.category(), l.quantity(), l.amount(), l.refundAmount())).toList());
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
