package com.bi.jushuitan.domain;

import java.math.BigDecimal;
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
        String status = STATUS.get(text(o, "status"));
        if (status == null) {
            throw new OrderEvent.InvalidOrderException("status", "unknown status '" + text(o, "status") + "'");
        }
        List<OrderLine> lines = new ArrayList<>();
        JsonNode items = o.path("items");
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            lines.add(new OrderLine(text(item, "sku_id"), text(item, "category"), item.path("qty").asInt(0),
                    OrderCodec.amount("items[" + i + "].amount", text(item, "amount")),
                    OrderCodec.amountOrZero("items[" + i + "].refund_amount", text(item, "refund_amount"))));
        }
        String payDate = text(o, "pay_date");
        String buyer = text(o, "shop_buyer_id");
        String shopId = text(o, "shop_id");
        OrderEvent event = new OrderEvent(shop.tenantId(), SOURCE, oId, shopId == null ? shop.shopId() : shopId, shop.platform(),
                parse("order_date", text(o, "order_date")), payDate == null || payDate.isBlank() ? null : parse("pay_date", payDate),
                status, OrderCodec.buyerHash(shop.tenantId(), buyer),
                OrderCodec.amount("pay_amount", text(o, "pay_amount")), OrderCodec.amountOrZero("freight", text(o, "freight")),
                OrderCodec.amountOrZero("free_amount", text(o, "free_amount")),
                OrderCodec.amountOrZero("refund_amount", text(o, "refund_amount")), parse("modified", text(o, "modified")),
                o.path("ts").asLong(0), lines);
        event.validate();
        return event;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.isNumber() && !value.canConvertToLong()
                ? new BigDecimal(value.asText()).toPlainString() : value.asText();
    }
}
