package com.bi.orders;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.bi.proto.analysis.v1.Order;
import com.bi.proto.analysis.v1.OrderItem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Order events on the wire: JSON (the Kafka topic's values) and protobuf (gRPC {@code Ingest}). */
public final class OrderCodec {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            // newer producers may add fields; older consumers ignore them
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private static final int MAX_AMOUNT_TEXT = 40;
    private static final int MAX_TIME_TEXT = 64;

    private OrderCodec() {
    }

    /** Validates first: an unbounded amount must never reach a codec (its plain text can be a gigabyte). */
    public static byte[] toJson(OrderEvent event) {
        event.validate();
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an order event", e);
        }
    }

    /** Parses and validates; a broken event is an {@link IllegalArgumentException} saying why. */
    public static OrderEvent fromJson(byte[] json) {
        OrderEvent event;
        try {
            event = JSON.readValue(json, OrderEvent.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an order event: " + e.getMessage(), e);
        }
        if (event == null) {
            throw new IllegalArgumentException("not an order event: null");
        }
        event.validate();
        return event;
    }

    public static Order toProto(OrderEvent e) {
        e.validate();
        Order.Builder order = Order.newBuilder()
                .setSource(e.source())
                .setExternalOrderId(e.externalOrderId())
                .setShopId(e.shopId())
                .setPlatform(e.platform())
                .setOrderTime(e.orderTime().toString())
                .setPayTime(e.payTime() == null ? "" : e.payTime().toString())
                .setStatus(e.status())
                .setBuyerHash(e.buyerHash())
                .setPayAmount(e.payAmount().toPlainString())
                .setFreight(e.freight().toPlainString())
                .setDiscount(e.discount().toPlainString())
                .setRefundAmount(e.refundAmount().toPlainString())
                .setModifiedTime(e.modifiedTime().toString())
                .setVersion(e.version());
        for (OrderLine line : e.items()) {
            order.addItems(OrderItem.newBuilder().setSku(line.sku()).setCategory(line.category())
                    .setQuantity(line.quantity()).setAmount(line.amount().toPlainString())
                    .setRefundAmount(line.refundAmount().toPlainString()));
        }
        return order.build();
    }

    /** A proto order for {@code tenant} (from the caller's token); validated. */
    public static OrderEvent fromProto(String tenant, Order o) {
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 0; i < o.getItemsCount(); i++) {
            OrderItem item = o.getItems(i);
            lines.add(new OrderLine(item.getSku(), item.getCategory(), item.getQuantity(),
                    amount("items[" + i + "].amount", item.getAmount()), amountOrZero("items[" + i + "].refund_amount", item.getRefundAmount())));
        }
        OrderEvent event = new OrderEvent(tenant, o.getSource(), o.getExternalOrderId(), o.getShopId(), o.getPlatform(),
                instant("order_time", o.getOrderTime()), o.getPayTime().isEmpty() ? null : instant("pay_time", o.getPayTime()),
                o.getStatus(), o.getBuyerHash(), amount("pay_amount", o.getPayAmount()), amountOrZero("freight", o.getFreight()),
                amountOrZero("discount", o.getDiscount()), amountOrZero("refund_amount", o.getRefundAmount()),
                instant("modified_time", o.getModifiedTime()), o.getVersion(), lines);
        event.validate();
        return event;
    }

    public static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new OrderEvent.InvalidOrderException(field, field + " is required");
        }
        if (text.length() > MAX_TIME_TEXT) {
            throw new OrderEvent.InvalidOrderException(field, field + " must be an ISO-8601 time with offset");
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                throw new OrderEvent.InvalidOrderException(field, field + " must be an ISO-8601 time with offset");
            }
        }
    }

    public static BigDecimal amount(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new OrderEvent.InvalidOrderException(field, field + " is required");
        }
        String trimmed = text.trim();
        if (trimmed.length() > MAX_AMOUNT_TEXT) {
            throw new OrderEvent.InvalidOrderException(field, field + " must be a decimal amount of at most " + MAX_AMOUNT_TEXT + " characters");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(trimmed);
        } catch (NumberFormatException e) {
            throw new OrderEvent.InvalidOrderException(field, field + " must be a decimal amount");
        }
        OrderEvent.amount(value, field);
        return value;
    }

    public static BigDecimal amountOrZero(String field, String text) {
        return text == null || text.isBlank() ? BigDecimal.ZERO : amount(field, text);
    }

    /**
     * The buyer id as stored: never the id itself, a SHA-256 of tenant + buyer (first 16 bytes, hex), so buyers can be
     * counted and told apart within a tenant but not read or matched across tenants.
     */
    public static String buyerHash(String tenantId, String buyer) {
        if (buyer == null || buyer.isBlank()) {
            return "";
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((tenantId + ":" + buyer).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
