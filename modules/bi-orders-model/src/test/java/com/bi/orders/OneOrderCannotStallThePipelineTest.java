package com.bi.orders;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.bi.proto.analysis.v1.Order;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Issue 12 #2: every field of an order is bounded at the edge, so no single order can blow up a codec (a
 * {@code 1e999999999} amount expanded to a gigabyte of digits), overflow a column ({@code 1e15} in numeric(16,2)) or
 * be refused by PostgreSQL (NUL in text) later in a consumer — it is refused here, with the field named.
 */
class OneOrderCannotStallThePipelineTest {
    private static OrderEvent order(String payAmount, String shop, String sku, int quantity, Instant payTime, int lines) {
        List<OrderLine> items = new ArrayList<>(Collections.nCopies(lines, new OrderLine(sku, "tea", quantity, new BigDecimal("1.00"), null)));
        return new OrderEvent("t1", "LEKE", "L-1", shop, "TMALL", Instant.parse("2024-06-18T02:00:00Z"), payTime, "PAID", "",
                new BigDecimal(payAmount), null, null, null, Instant.parse("2024-06-18T02:00:00Z"), 1, items);
    }

    private static OrderEvent valid() {
        return order("99.50", "shop-1", "SKU-1", 2, Instant.parse("2024-06-18T02:00:00Z"), 1);
    }

    private static String refused(Runnable action) {
        return assertThrows(OrderEvent.InvalidOrderException.class, action::run).field();
    }

    @Test
    void hugeExponentAmountIsRefusedWithoutExpandingIt() {
        // today: validate() passes and toProto's toPlainString() allocates ~1 GB
        assertThat(refused(() -> order("1e999999999", "s", "SKU", 1, null, 1).validate()), is("pay_amount"));
        assertThat(refused(() -> OrderCodec.toProto(order("1e999999999", "s", "SKU", 1, null, 1))), is("pay_amount"));
        assertThat(refused(() -> OrderCodec.amount("pay_amount", "1e999999999")), is("pay_amount"));
        assertThat(refused(() -> OrderCodec.amount("pay_amount", "1" + "0".repeat(100))), is("pay_amount"));
        String json = new String(OrderCodec.toJson(valid()), StandardCharsets.UTF_8).replace("\"pay_amount\":99.50", "\"pay_amount\":1e999999999");
        assertThat(json, containsString("1e999999999"));
        assertThat(refused(() -> OrderCodec.fromJson(json.getBytes(StandardCharsets.UTF_8))), is("pay_amount"));
        Order proto = OrderCodec.toProto(valid()).toBuilder().setPayAmount("1e999999999").build();
        assertThat(refused(() -> OrderCodec.fromProto("t1", proto)), is("pay_amount"));
    }

    @Test
    void amountsBeyondTheColumnOrItsScaleAreRefused() {
        assertThat(refused(() -> order("1e15", "s", "SKU", 1, null, 1).validate()), is("pay_amount"));          // numeric(16,2) overflow
        assertThat(refused(() -> order("10000000000", "s", "SKU", 1, null, 1).validate()), is("pay_amount"));   // the bound itself
        assertThat(refused(() -> order("0.001", "s", "SKU", 1, null, 1).validate()), is("pay_amount"));         // silently rounded
        assertThat(refused(() -> OrderCodec.amount("items[0].amount", "-0.01")), is("items[0].amount"));
        order("9999999999.99", "s", "SKU", 1, null, 1).validate();
        order("1.100", "s", "SKU", 1, null, 1).validate();                                                     // trailing zeros are fine
        order("0E-10", "s", "SKU", 1, null, 1).validate();
    }

    @Test
    void nulAndControlCharactersAndLoneSurrogatesAreRefused() {
        assertThat(refused(() -> order("1", "shop\u0000", "SKU", 1, null, 1).validate()), is("shop_id"));
        assertThat(refused(() -> order("1", "s", "SKU\u0000", 1, null, 1).validate()), is("items[0].sku"));
        assertThat(refused(() -> order("1", "s", "SKU\u001b[31m", 1, null, 1).validate()), is("items[0].sku"));
        assertThat(refused(() -> order("1", "s", "SKU\ud800", 1, null, 1).validate()), is("items[0].sku"));
        order("1", "店铺-1 \ud83c\udf75", "SKU", 1, null, 1).validate();                                      // real Unicode is fine
        String json = new String(OrderCodec.toJson(valid()), StandardCharsets.UTF_8).replace("\"shop-1\"", "\"shop\\u0000\"");
        assertThat(refused(() -> OrderCodec.fromJson(json.getBytes(StandardCharsets.UTF_8))), is("shop_id"));
    }

    @Test
    void lengthsQuantitiesItemCountsAndTimesAreBounded() {
        assertThat(refused(() -> order("1", "s".repeat(129), "SKU", 1, null, 1).validate()), is("shop_id"));
        assertThat(refused(() -> order("1", "s", "K".repeat(129), 1, null, 1).validate()), is("items[0].sku"));
        assertThat(refused(() -> order("1", "s", "SKU", OrderEvent.MAX_QUANTITY + 1, null, 1).validate()), is("items[0].quantity"));
        assertThat(refused(() -> order("1", "s", "SKU", 0, null, 1).validate()), is("items[0].quantity"));
        assertThat(refused(() -> order("1", "s", "SKU", 1, null, OrderEvent.MAX_ITEMS + 1).validate()), is("items"));
        assertThat(refused(() -> order("1", "s", "SKU", 1, Instant.parse("+100000-01-01T00:00:00Z"), 1).validate()), is("pay_time"));
        assertThat(refused(() -> order("1", "s", "SKU", 1, Instant.EPOCH, 1).validate()), is("pay_time"));
        assertThat(refused(() -> OrderCodec.instant("pay_time", "2024-06-18T02:00:00Z" + " ".repeat(100))), is("pay_time"));
        Order proto = OrderCodec.toProto(valid()).toBuilder().setModifiedTime("+1000000-01-01T00:00:00Z").build();
        assertThat(refused(() -> OrderCodec.fromProto("t1", proto)), is("modified_time"));
        // the largest valid order still goes through both codecs
        OrderEvent big = order("9999999999.99", "s".repeat(128), "K".repeat(128), OrderEvent.MAX_QUANTITY, Instant.parse("2099-12-31T23:59:59Z"),
                OrderEvent.MAX_ITEMS);
        assertThat(OrderCodec.fromProto("t1", OrderCodec.toProto(big)).items().size(), is(OrderEvent.MAX_ITEMS));
        assertThat(OrderCodec.fromJson(OrderCodec.toJson(big)), is(big));
    }
}
