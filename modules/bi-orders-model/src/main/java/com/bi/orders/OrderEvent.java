package com.bi.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The platform's order model, as connectors emit it and bi-analysis stores it. Identity is
 * (tenant, source, external order id); {@code modifiedTime} then {@code version} decide which of two updates is
 * newer (last-modified wins), so replays and duplicates are harmless.
 */
public record OrderEvent(String tenantId, String source, String externalOrderId, String shopId, String platform,
                         Instant orderTime, Instant payTime, String status, String buyerHash, BigDecimal payAmount,
                         BigDecimal freight, BigDecimal discount, BigDecimal refundAmount, Instant modifiedTime,
                         long version, List<OrderLine> items) {
    public static final Set<String> STATUSES = Set.of("CREATED", "PAID", "SHIPPED", "COMPLETED", "CANCELLED", "REFUNDED");
    public static final Set<String> PLATFORMS = Set.of("TAOBAO", "TMALL", "JD", "PDD", "DOUYIN", "OTHER");

    public OrderEvent {
        items = items == null ? List.of() : List.copyOf(items);
        freight = freight == null ? BigDecimal.ZERO : freight;
        discount = discount == null ? BigDecimal.ZERO : discount;
        refundAmount = refundAmount == null ? BigDecimal.ZERO : refundAmount;
        buyerHash = buyerHash == null ? "" : buyerHash;
    }

    /** The Kafka key: tenant + source + external order id, so one order's events stay in order on one partition. */
    public String key() {
        return tenantId + "|" + source + "|" + externalOrderId;
    }

    public OrderEvent withTenant(String tenant) {
        return new OrderEvent(tenant, source, externalOrderId, shopId, platform, orderTime, payTime, status, buyerHash,
                payAmount, freight, discount, refundAmount, modifiedTime, version, items);
    }

    /** True when this order counts in GMV: paid and not cancelled. */
    public boolean counted() {
        return payTime != null && !"CANCELLED".equals(status);
    }

    /** Checks the invariants every stored order satisfies; the message names the field. */
    public void validate() {
        require(tenantId != null && !tenantId.isBlank(), "tenant_id", "is required");
        require(source != null && source.matches("[A-Z][A-Z0-9_]{0,31}"), "source", "must be upper-case letters, digits or _");
        require(externalOrderId != null && !externalOrderId.isBlank() && externalOrderId.length() <= 128,
                "external_order_id", "is required (at most 128 characters)");
        require(shopId != null && !shopId.isBlank() && shopId.length() <= 128, "shop_id", "is required");
        require(platform != null && PLATFORMS.contains(platform), "platform", "must be one of " + PLATFORMS);
        require(status != null && STATUSES.contains(status), "status", "must be one of " + STATUSES);
        require(orderTime != null, "order_time", "is required");
        require(modifiedTime != null, "modified_time", "is required");
        require(payAmount != null && payAmount.signum() >= 0, "pay_amount", "must be a non-negative amount");
        require(freight.signum() >= 0 && discount.signum() >= 0 && refundAmount.signum() >= 0, "amounts",
                "freight, discount and refund_amount must not be negative");
        require(items.size() <= 1000, "items", "at most 1000 lines");
        for (int i = 0; i < items.size(); i++) {
            OrderLine line = items.get(i);
            require(line.sku() != null && !line.sku().isBlank() && line.sku().length() <= 128, "items[" + i + "].sku", "is required");
            require(line.quantity() > 0, "items[" + i + "].quantity", "must be positive");
            require(line.amount() != null && line.amount().signum() >= 0, "items[" + i + "].amount", "must be a non-negative amount");
            require(line.refundAmount().signum() >= 0, "items[" + i + "].refund_amount", "must not be negative");
        }
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new InvalidOrderException(field, field + " " + message);
        }
    }

    /** An order that breaks the model's rules; {@link #field()} names the culprit. */
    public static final class InvalidOrderException extends IllegalArgumentException {
        private final String field;

        public InvalidOrderException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
