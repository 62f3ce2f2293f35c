package com.bi.jushuitan.domain;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.bi.orders.OrderCodec;
import com.bi.orders.OrderEvent;
import com.bi.orders.OrderLine;
import com.fasterxml.jackson.databind.JsonNode;

/** A Jushuitan order (open API v2 {@code orders[]}) → the platform's order model. */
public final class JushuitanOrders {
    public static final String SOURCE = "JUSHUITAN";
    public static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Map<String, String> STATUS = Map.ofEntries(
            Map.entry("WaitPay", "CREATED"), Map.entry("WaitConfirm", "PAID"), Map.entry("WaitFConfirm", "PAID"),
            Map.entry("WaitOuterSent", "PAID"), Map.entry("Delivering", "PAID"), Map.entry("Question", "PAID"),
            Map.entry("Sent", "SHIPPED"), Map.entry("Finished", "COMPLETED"), Map.entry("Cancelled", "CANCELLED"),
            Map.entry("Merged", "CANCELLED"), Map.entry("Split", "CANCELLED"), Map.entry("Refunded", "REFUNDED"));

    private JushuitanOrders() {
    }

    public static String format(Instant instant) {
        return TIME.format(instant.atZone(BEIJING));
    }

    public static Instant parse(String field, String text) {
        try {
            return LocalDateTime.parse(text, TIME).atZone(BEIJING).toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
            throw new OrderEvent.InvalidOrderException(field, field + " must be yyyy-MM-dd HH:mm:ss; got '" + text + "'");
        }
    }

    public static OrderEvent toEvent(Shop shop, JsonNode o) {
        String oId = text(o, "o_id");
        if (oId == null || oId.isBlank()) {
            throw new OrderEvent.InvalidOrderException("o_id", "o_id is required");
        }
        String rawStatus = text(o, "status");
        if (rawStatus == null) { // Map.ofEntries refuses a null key: a record without a status must be a reject, not an NPE
            throw new OrderEvent.InvalidOrderException("status", "status is missing");
        }
        String status = STATUS.get(rawStatus);
        if (status == null) {
            throw new OrderEvent.InvalidOrderException("status", "unknown status '"
                    + (rawStatus.length() > 40 ? rawStatus.substring(0, 40) + "…" : rawStatus) + "'");
        }
        List<OrderLine> lines = new ArrayList<>();
        JsonNode items = o.path("items");
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            lines.add(new OrderLine(text(item, "sku_id"), text(item, "category"), quantity(item, "items[" + i + "].qty"),
                    OrderCodec.amount("items[" + i + "].amount", text(item, "amount")),
                    OrderCodec.amountOrZero("items[" + i + "].refund_amount", text(item, "refund_amount"))));
        }
        String payDate = text(o, "pay_date");
        String buyer = text(o, "shop_buyer_id");
        // the shop comes from the record and must be the credential's: a record without one (or another shop's) is
        // never attributed to whichever credential pulled it
        String shopId = text(o, "shop_id");
        if (shopId == null || shopId.isBlank()) {
            throw new OrderEvent.InvalidOrderException("shop_id", "shop_id is missing");
        }
        if (!shopId.equals(shop.shopId())) {
            throw new OrderEvent.InvalidOrderException("shop_id", "shop_id is not the shop these credentials pull");
        }
        OrderEvent event = new OrderEvent(shop.tenantId(), SOURCE, oId, shopId, shop.platform(),
                parse("order_date", text(o, "order_date")), payDate == null || payDate.isBlank() ? null : parse("pay_date", payDate),
                status, OrderCodec.buyerHash(shop.tenantId(), buyer),
                OrderCodec.amount("pay_amount", text(o, "pay_amount")), OrderCodec.amountOrZero("freight", text(o, "freight")),
                OrderCodec.amountOrZero("free_amount", text(o, "free_amount")),
                OrderCodec.amountOrZero("refund_amount", text(o, "refund_amount")), parse("modified", text(o, "modified")),
                o.path("ts").asLong(0), lines);
        event.validate();
        return event;
    }

    /** A quantity exactly as sent: an integer that fits, never a truncated 4294967297 or a string coerced to 0. */
    private static int quantity(JsonNode item, String field) {
        JsonNode qty = item.get("qty");
        if (qty == null || !qty.isIntegralNumber() || !qty.canConvertToInt()) {
            throw new OrderEvent.InvalidOrderException(field, field + " must be a whole number");
        }
        return qty.intValue();
    }

    /** The record's o_id, or null when it has none. */
    public static String oId(JsonNode o) {
        String oId = text(o, "o_id");
        return oId == null || oId.isBlank() || oId.length() > 64 ? null : oId;
    }

    /** The record's row version ({@code ts}), or null when it has none. */
    public static Long ts(JsonNode o) {
        JsonNode ts = o.get("ts");
        return ts != null && ts.canConvertToLong() && ts.asLong() > 0 ? ts.asLong() : null;
    }

    /** The record's modified time, or null when it has none or it is unreadable. */
    public static Instant modifiedOrNull(JsonNode o) {
        try {
            return parse("modified", text(o, "modified"));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber() && !value.canConvertToLong()) {
            // compact scientific text, never toPlainString (1e999999999 would expand to a gigabyte); the amount parser
            // bounds it. A double that overflowed to infinity is not a number the record can carry.
            return value.isBigDecimal() || Double.isFinite(value.doubleValue()) ? value.decimalValue().toString() : "not-finite";
        }
        return value.asText();
    }
}
