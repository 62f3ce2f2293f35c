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

    /** The largest amount accepted (exclusive): far above any real order, far below the columns' numeric(16,2). */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("10000000000");
    /** Amounts have at most this many decimal places (the columns keep two; more would be rounded silently). */
    public static final int MAX_SCALE = 2;
    public static final int MAX_QUANTITY = 1_000_000;
    public static final int MAX_ITEMS = 1000;
    public static final int MAX_TEXT = 128;
    public static final int MAX_TENANT = 64;
    /** Times outside this range are typos or attacks (and some are outside PostgreSQL's timestamptz). */
    public static final Instant MIN_TIME = Instant.parse("1990-01-01T00:00:00Z");
    public static final Instant MAX_TIME = Instant.parse("2100-01-01T00:00:00Z");

    /**
     * Checks the invariants every stored order satisfies, so that no order can fail later in a codec or a column
     * (bounded amounts, quantities, texts, item count and times); the message names the field. Cheap on hostile
     * input: an amount like {@code 1e999999999} is refused by its digit count, never expanded.
     */
    public void validate() {
        text(tenantId, "tenant_id", MAX_TENANT, true);
        require(source != null && source.matches("[A-Z][A-Z0-9_]{0,31}"), "source", "must be upper-case letters, digits or _ (at most 32)");
        text(externalOrderId, "external_order_id", MAX_TEXT, true);
        text(shopId, "shop_id", MAX_TEXT, true);
        require(platform != null && PLATFORMS.contains(platform), "platform", "must be one of " + PLATFORMS);
        require(status != null && STATUSES.contains(status), "status", "must be one of " + STATUSES);
        time(orderTime, "order_time", true);
        time(payTime, "pay_time", false);
        time(modifiedTime, "modified_time", true);
        text(buyerHash, "buyer_hash", 64, false);
        require(version >= 0, "version", "must not be negative");
        amount(payAmount, "pay_amount");
        amount(freight, "freight");
        amount(discount, "discount");
        amount(refundAmount, "refund_amount");
        require(items.size() <= MAX_ITEMS, "items", "at most " + MAX_ITEMS + " lines");
        for (int i = 0; i < items.size(); i++) {
            OrderLine line = items.get(i);
            String path = "items[" + i + "]";
            require(line != null, path, "must be an object");
            text(line.sku(), path + ".sku", MAX_TEXT, true);
            text(line.category(), path + ".category", MAX_TEXT, false);
            require(line.quantity() > 0 && line.quantity() <= MAX_QUANTITY, path + ".quantity", "must be between 1 and " + MAX_QUANTITY);
            amount(line.amount(), path + ".amount");
            amount(line.refundAmount(), path + ".refund_amount");
        }
    }

    /** A non-negative amount below {@link #MAX_AMOUNT} with at most {@link #MAX_SCALE} decimals; cheap for any input. */
    public static void amount(BigDecimal value, String field) {
        require(value != null, field, "is required");
        require(value.signum() >= 0, field, "must not be negative");
        // integer digits from precision and scale: no expansion of 1e999999999
        long integerDigits = (long) value.precision() - value.scale();
        require(integerDigits <= MAX_AMOUNT.precision() - 1, field, "must be less than " + MAX_AMOUNT.toPlainString());
        require(value.signum() == 0 || value.stripTrailingZeros().scale() <= MAX_SCALE, field, "has at most " + MAX_SCALE + " decimal places");
    }

    private static void time(Instant value, String field, boolean required) {
        if (value == null) {
            require(!required, field, "is required");
            return;
        }
        require(!value.isBefore(MIN_TIME) && value.isBefore(MAX_TIME), field, "must be between " + MIN_TIME + " and " + MAX_TIME);
    }

    /** Text that every column and codec takes: bounded length, no control characters (NUL …), well-formed UTF-16. */
    public static void text(String value, String field, int maxLength, boolean required) {
        if (value == null || value.isEmpty()) {
            require(!required, field, "is required");
            return;
        }
        require(value.length() <= maxLength, field, "has at most " + maxLength + " characters");
        require(!required || !value.isBlank(), field, "is required");
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (Character.isISOControl(ch)) {
                throw new InvalidOrderException(field, field + " must not contain control characters (U+%04X at %d)".formatted((int) ch, i));
            }
            if (Character.isHighSurrogate(ch) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                throw new InvalidOrderException(field, field + " must be well-formed Unicode (a lone surrogate at " + i + ")");
            }
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
