package com.bi.leke.domain;

import com.bi.orders.OrderEvent;
import com.fasterxml.jackson.databind.JsonNode;

/** What a webhook body must be before it is stored: an event id and type, and an order that passes every bound. */
public final class LekeWebhooks {
    private LekeWebhooks() {
    }

    public record Checked(String eventId, String eventType, OrderEvent order) {
    }

    /** Throws {@link OrderEvent.InvalidOrderException} naming the field ({@code event_id}, {@code order.pay_amount} …). */
    public static Checked check(String tenant, JsonNode body) {
        JsonNode id = body.get("event_id");
        String eventId = id == null || !id.isValueNode() ? "" : id.asText("");
        OrderEvent.text(eventId, "event_id", 128, true);
        JsonNode type = body.get("event_type");
        String eventType = type == null || type.isNull() ? "order.updated" : type.isTextual() ? type.asText() : null;
        if (eventType == null) {
            throw new OrderEvent.InvalidOrderException("event_type", "event_type must be a string");
        }
        OrderEvent.text(eventType, "event_type", 64, true);
        return new Checked(eventId, eventType, LekeOrders.toEvent(tenant, body));
    }
}
