package com.bi.leke.domain;

import com.bi.common.json.Json;
import com.bi.orders.OrderEvent;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Leke sends amounts as decimal strings or numbers and ids as strings or numbers: the webhook body is read as a tree
 * and typed field by field, so the kit mapper's strict coercion rules (hostile finding F18) never refuse a vendor
 * order.
 */
class LekeOrdersTest {
    private static final String ORDER = """
            {"event_id":"evt-1","event_type":"order.updated","order":{"order_no":%s,"shop_id":%s,"platform":"tmall",
             "created_at":"2026-11-11T10:00:00+08:00","paid_at":"2026-11-11T10:01:00+08:00","status":"paid",
             "buyer_id":%s,"pay_amount":%s,"freight":"0","discount":0,"refund_amount":"0.00",
             "updated_at":"2026-11-11T10:02:00+08:00","version":3,
             "items":[{"sku":%s,"category":"shoes","quantity":2,"amount":%s}]}}""";

    @Test
    void vendorOrdersWithNumbersAsStringsAndStringsAsNumbersAreRead() throws Exception {
        OrderEvent numeric = LekeOrders.toEvent("tenant-a",
                Json.MAPPER.readTree(ORDER.formatted("20261111001", "42", "778899", "99.5", "555", "99.5")));
        OrderEvent textual = LekeOrders.toEvent("tenant-a",
                Json.MAPPER.readTree(ORDER.formatted("\"20261111001\"", "\"42\"", "\"778899\"", "\"99.50\"", "\"555\"", "\"99.50\"")));
        for (OrderEvent event : new OrderEvent[] {numeric, textual}) {
            assertThat(event.externalOrderId(), is("20261111001"));
            assertThat(event.shopId(), is("42"));
            assertThat(event.items().get(0).sku(), is("555"));
            assertThat(event.payAmount().compareTo(new java.math.BigDecimal("99.5")), is(0));
        }
        assertThat(numeric.buyerHash(), is(textual.buyerHash()));
    }
}
