package com.bi.jushuitan.domain;

import com.bi.common.json.Json;
import com.bi.orders.OrderEvent;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The mapper's refusals are per-record rejects ({@link OrderEvent.InvalidOrderException}), never other exceptions. */
class JushuitanOrdersTest {
    private static final Shop SHOP = new Shop(1, "tenant-a", "10001", "TMALL", "app", "secret", "token",
            "https://openapi.jushuitan.com", true, null, null, null, true);

    private static String order(String status, String payAmount) {
        return "{\"o_id\":\"1\",\"shop_id\":\"10001\"," + (status == null ? "" : "\"status\":\"" + status + "\",")
                + "\"order_date\":\"2026-11-11 10:00:00\",\"modified\":\"2026-11-11 10:00:00\","
                + "\"pay_amount\":" + payAmount + ",\"items\":[]}";
    }

    /** Found by the fuzzer (bi-fuzz ConnectorOrdersFuzzTest): a record without status was a NullPointerException. */
    @Test
    void aRecordWithoutStatusIsARejectNamingTheField() throws Exception {
        var record = Json.MAPPER.readTree(order(null, "\"10.00\""));
        var e = assertThrows(OrderEvent.InvalidOrderException.class, () -> JushuitanOrders.toEvent(SHOP, record));
        assertThat(e.field(), is("status"));
    }

    @Test
    void quantitiesAreTakenExactlyOrRefused() throws Exception {
        for (String qty : new String[] {"4294967297", "\"3\"", "1.5", "null"}) {
            String json = order("WaitConfirm", "\"10.00\"").replace("\"items\":[]",
                    "\"items\":[{\"sku_id\":\"A\",\"qty\":" + qty + ",\"amount\":\"10.00\"}]");
            var e = assertThrows(OrderEvent.InvalidOrderException.class,
                    () -> JushuitanOrders.toEvent(SHOP, Json.MAPPER.readTree(json)), qty);
            assertThat(qty, e.field(), is("items[0].qty"));
        }
    }

    @Test
    void hugeOrInfiniteAmountsAreRejectsNamingTheField() throws Exception {
        for (String amount : new String[] {"1e999999999", "1e308", "-1", "1e15", "\"1e999999999\"", "\"abc\""}) {
            var record = Json.MAPPER.readTree(order("WaitConfirm", amount));
            var e = assertThrows(OrderEvent.InvalidOrderException.class, () -> JushuitanOrders.toEvent(SHOP, record), amount);
            assertThat(amount, e.field(), is("pay_amount"));
        }
        assertThat(JushuitanOrders.toEvent(SHOP, Json.MAPPER.readTree(order("WaitConfirm", "19.99"))).payAmount().toPlainString(),
                is("19.99"));
    }

    /**
     * Jushuitan sends ids and amounts as numbers or as strings depending on the API and account (o_id 123 and "123",
     * pay_amount 19.9 and "19.90"): the record is read as a tree and typed field by field, so the kit mapper's strict
     * coercion rules (hostile finding F18) never refuse a vendor record.
     */
    @Test
    void vendorRecordsWithNumbersAsStringsAndStringsAsNumbersAreRead() throws Exception {
        String numeric = """
                {"o_id":123456,"so_id":"TB-1","shop_id":10001,"status":"WaitConfirm","order_date":"2026-11-11 10:00:00",
                 "pay_date":"2026-11-11 10:01:00","modified":"2026-11-11 10:02:00","shop_buyer_id":778899,"pay_amount":19.9,
                 "freight":0,"free_amount":"1.00","ts":987654321,
                 "items":[{"sku_id":555,"qty":2,"amount":"10.45","refund_amount":0}]}""";
        OrderEvent event = JushuitanOrders.toEvent(SHOP, Json.MAPPER.readTree(numeric));
        assertThat(event.externalOrderId(), is("123456"));
        assertThat(event.shopId(), is("10001"));
        assertThat(event.payAmount().toPlainString(), is("19.9"));
        assertThat(event.discount().toPlainString(), is("1.00"));
        assertThat(event.items().get(0).sku(), is("555"));
        assertThat(event.version(), is(987654321L));
        String textual = numeric.replace("\"o_id\":123456", "\"o_id\":\"123456\"").replace("\"shop_id\":10001", "\"shop_id\":\"10001\"")
                .replace("\"pay_amount\":19.9", "\"pay_amount\":\"19.90\"");
        OrderEvent same = JushuitanOrders.toEvent(SHOP, Json.MAPPER.readTree(textual));
        assertThat(same.externalOrderId() + " " + same.shopId() + " " + same.payAmount().toPlainString(), is("123456 10001 19.90"));
    }
}
