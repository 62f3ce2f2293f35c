package com.bi.fuzz;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;

import com.bi.common.json.Json;
import com.bi.jushuitan.domain.JushuitanOrders;
import com.bi.jushuitan.domain.Shop;
import com.bi.leke.domain.LekeOrders;
import com.bi.orders.OrderEvent;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The connectors' order mappers and validators: a Leke webhook body ({@code LekeOrders.toEvent}) and a Jushuitan
 * order record ({@code JushuitanOrders.toEvent}). Byte 0 even: Leke, odd: Jushuitan; the rest is the JSON. A mapped
 * order must then pass through both codecs (what the inbox and the sync do next).
 */
class ConnectorOrdersFuzzTest {
    private static final String TENANT = "fuzz-tenant";
    private static final Shop SHOP = shop();

    /** A readable shop built through the record's canonical constructor, whatever fields it has grown. */
    private static Shop shop() {
        RecordComponent[] components = Shop.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> type = components[i].getType();
            types[i] = type;
            String name = components[i].getName();
            values[i] = type == long.class ? 1L : type == int.class ? 1 : type == boolean.class ? true
                    : type == String.class ? (name.equals("tenantId") ? TENANT : name.equals("platform") ? "TMALL" : "fuzz")
                    : type == Instant.class ? Instant.parse("2026-01-01T00:00:00Z") : null;
        }
        try {
            return Shop.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a Jushuitan Shop", e);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void mappers(byte[] input) {
        if (input.length == 0) {
            return;
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(Arrays.copyOfRange(input, 1, input.length));
        } catch (IOException e) {
            return; // not JSON: the webhook and the client refuse it before any mapper runs
        }
        if (json == null) {
            return;
        }
        OrderEvent event;
        try {
            event = (input[0] & 1) == 0 ? LekeOrders.toEvent(TENANT, json) : JushuitanOrders.toEvent(SHOP, json);
        } catch (RuntimeException e) {
            Refusals.requireInvalidOrder(e);
            return;
        }
        OrderCodecFuzzTest.roundTrip(event);
    }
}
