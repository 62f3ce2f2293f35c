package com.bi.leke.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.bi.orders.OrderCodec;
import com.bi.orders.OrderEvent;
import com.bi.orders.OrderLine;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Leke's order payload → the platform's order model. The webhook body:
 * <pre>{"event_id":"…","event_type":"order.created|order.updated|order.refunded|order.cancelled",
 *  "order":{"order_no","shop_id","platform","created_at","paid_at","status","buyer_id","pay_amount","freight",
 *           "discount","refund_amount","updated_at","version","items":[{"sku","category","quantity","amount","refund_amount"}]}}</pre>
 * Times are ISO-8601 with an offset; amounts decimal strings or numbers; quantities and version integers. The buyer
 * id is hashed, never stored. Every refusal is an {@link OrderEvent.InvalidOrderException} naming the Leke field
 * ({@code order.pay_amount}, {@code order.items[2].quantity}); every bound of {@link OrderEvent#validate()} applies.
 */
public final class LekeOrders {
    public static final String SOURCE = "LEKE";
    /** The model's field names as Leke spells them, so a refusal names the field the sender wrote. */
    private static final Map<String, String> LEKE_NAMES = Map.of("external_order_id", "order_no", "order_time", "created_at",
            "pay_time", "paid_at", "modified_time", "updated_at", "buyer_hash", "buyer_id");

    private LekeOrders() {
    }

    public static OrderEvent toEvent(String tenant, JsonNode body) {
        JsonNode o = body.path("order");
        if (!o.isObject()) {
            throw new OrderEvent.InvalidOrderException("order", "order is required (an object)");
        }
        try {
            return event(tenant, o);
        } catch (OrderEvent.InvalidOrderException e) {
            String field = "order." + LEKE_NAMES.getOrDefault(e.field(), e.field());
            throw new OrderEvent.InvalidOrderException(field, field + ": " + e.getMessage());
        }
    }

    private static OrderEvent event(String tenant, JsonNode o) {
        JsonNode items = o.path("items");
        if (!items.isMissingNode() && !items.isNull() && !items.isArray()) {
            throw new OrderEvent.InvalidOrderException("items", "items must be an array");
        }
        if (items.size() > OrderEvent.MAX_ITEMS) {
            throw new OrderEvent.InvalidOrderException("items", "items has at most " + OrderEvent.MAX_ITEMS + " lines");
        }
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String path = "items[" + i + "]";
            if (!item.isObject()) {
                throw new OrderEvent.InvalidOrderException(path, path + " must be an object");
            }
            lines.add(new OrderLine(text(item, "sku", path + ".sku"), text(item, "category", path + ".category"),
                    quantity(item.get("quantity"), path + ".quantity"), amount(item, "amount", path + ".amount", true),
                    amount(item, "refund_amount", path + ".refund_amount", false)));
        }
        String buyer = text(o, "buyer_id", "buyer_id");
        OrderEvent.text(buyer, "buyer_id", OrderEvent.MAX_TEXT, false);
        String paidAt = text(o, "paid_at", "paid_at");
        OrderEvent event = new OrderEvent(tenant, SOURCE, text(o, "order_no", "order_no"), text(o, "shop_id", "shop_id"),
                upper(text(o, "platform", "platform")), OrderCodec.instant("created_at", text(o, "created_at", "created_at")),
                paidAt == null || paidAt.isBlank() ? null : OrderCodec.instant("paid_at", paidAt), upper(text(o, "status", "status")),
                OrderCodec.buyerHash(tenant, buyer), amount(o, "pay_amount", "pay_amount", true), amount(o, "freight", "freight", false),
                amount(o, "discount", "discount", false), amount(o, "refund_amount", "refund_amount", false),
                OrderCodec.instant("updated_at", text(o, "updated_at", "updated_at")), version(o.get("version")), lines);
        event.validate();
        return event;
    }

    /** A scalar as text; objects and arrays are refused (they would otherwise read as ""). */
    private static String text(JsonNode node, String name, String field) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new OrderEvent.InvalidOrderException(field, field + " must be a string");
        }
        return value.asText();
    }

    /** A number is taken as its exact decimal (never expanded to plain text first); a string is parsed with bounds. */
    private static BigDecimal amount(JsonNode node, String name, String field, boolean required) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull() || value.isTextual() && value.asText().isBlank()) {
            if (required) {
                throw new OrderEvent.InvalidOrderException(field, field + " is required");
            }
            return BigDecimal.ZERO;
        }
        if (value.isNumber()) {
            if (value.isFloatingPointNumber() && !value.isBigDecimal() && !Double.isFinite(value.doubleValue())) {
                // the JSON reader turned an exponent like 1e999999999 into infinity
                throw new OrderEvent.InvalidOrderException(field, field + " must be less than " + OrderEvent.MAX_AMOUNT.toPlainString());
            }
            BigDecimal amount = value.decimalValue();
            OrderEvent.amount(amount, field);
            return amount;
        }
        if (!value.isTextual()) {
            throw new OrderEvent.InvalidOrderException(field, field + " must be a decimal amount");
        }
        return OrderCodec.amount(field, value.asText());
    }

    private static int quantity(JsonNode value, String field) {
        long n = integer(value, field, "a whole number of units");
        if (n < 1 || n > OrderEvent.MAX_QUANTITY) {
            throw new OrderEvent.InvalidOrderException(field, field + " must be between 1 and " + OrderEvent.MAX_QUANTITY);
        }
        return (int) n;
    }

    private static long version(JsonNode value) {
        if (value == null || value.isNull()) {
            return 0;
        }
        long n = integer(value, "version", "a non-negative integer");
        if (n < 0) {
            throw new OrderEvent.InvalidOrderException("version", "version must be a non-negative integer");
        }
        return n;
    }

    private static long integer(JsonNode value, String field, String what) {
        if (value != null && value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value != null && value.isTextual() && value.asText().matches("-?[0-9]{1,18}")) {
            return Long.parseLong(value.asText());
        }
        throw new OrderEvent.InvalidOrderException(field, field + " must be " + what);
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }
}
