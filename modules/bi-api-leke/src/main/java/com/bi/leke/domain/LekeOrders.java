package com.bi.leke.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.bi.orders.OrderCodec;
import com.bi.orders.OrderEvent;
import com.bi.orders.OrderLine;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Leke's order payload → the platform's order model. The webhook body:
 * <pre>{"event_id":"…","event_type":"order.created|order.updated|order.refunded|order.cancelled",
 *  "order":{"order_no","shop_id","platform","created_at","paid_at","status","buyer_id","pay_amount","freight",
 *           "discount","refund_amount","updated_at","version","items":[{"sku","category","quantity","amount","refund_amount"}]}}</pre>
 * Times are ISO-8601 with an offset; amounts decimal strings or numbers. The buyer id is hashed, never stored.
 */
public final class LekeOrders {
    public static final String SOURCE = "LEKE";

    private LekeOrders() {
    }

    public static OrderEvent toEvent(String tenant, JsonNode body) {
        JsonNode o = body.path("order");
        if (!o.isObject()) {
            throw new OrderEvent.InvalidOrderException("order", "order is required (an object)");
        }
        List<OrderLine> lines = new ArrayList<>();
        JsonNode items = o.path("items");
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            lines.add(new OrderLine(text(item, "sku"), text(item, "category"), item.path("quantity").asInt(0),
                    OrderCodec.amount("items[" + i + "].amount", text(item, "amount")),
                    OrderCodec.amountOrZero("items[" + i + "].refund_amount", text(item, "refund_amount"))));
        }
        String buyer = text(o, "buyer_id");
        String paidAt = text(o, "paid_at");
        OrderEvent event = new OrderEvent(tenant, SOURCE, text(o, "order_no"), text(o, "shop_id"),
                upper(text(o, "platform")), OrderCodec.instant("created_at", text(o, "created_at")),
                paidAt == null || paidAt.isBlank() ? null : OrderCodec.instant("paid_at", paidAt), upper(text(o, "status")),
                OrderCodec.buyerHash(tenant, buyer),
                OrderCodec.amount("pay_amount", text(o, "pay_amount")), OrderCodec.amountOrZero("freight", text(o, "freight")),
                OrderCodec.amountOrZero("discount", text(o, "discount")), OrderCodec.amountOrZero("refund_amount", text(o, "refund_amount")),
                OrderCodec.instant("updated_at", text(o, "updated_at")), o.path("version").asLong(0), lines);
        event.validate();
        return event;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.isNumber() ? new BigDecimal(value.asText()).toPlainString() : value.asText();
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }
}
