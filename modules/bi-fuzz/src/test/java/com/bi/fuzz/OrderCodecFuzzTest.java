package com.bi.fuzz;

import java.util.Arrays;

import com.bi.orders.OrderCodec;
import com.bi.orders.OrderEvent;
import com.bi.proto.analysis.v1.Order;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * The order-event codecs of bi-orders-model: JSON (the Kafka topic's values) and protobuf (gRPC Ingest). Byte 0 even:
 * the rest is a JSON event; odd: a protobuf {@code Order}. Whatever decodes must validate, encode both ways and decode
 * back to the same order — an accepted event that a codec or a column cannot take later is a finding.
 */
class OrderCodecFuzzTest {
    private static final String TENANT = "fuzz-tenant";

    @FuzzTest(maxDuration = "20s")
    void codecs(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        OrderEvent event;
        try {
            if ((input[0] & 1) == 0) {
                event = OrderCodec.fromJson(rest);
            } else {
                Order order;
                try {
                    order = Order.parseFrom(rest);
                } catch (InvalidProtocolBufferException e) {
                    return; // the gRPC layer refuses unparsable messages before the codec sees them
                }
                event = OrderCodec.fromProto(TENANT, order);
            }
        } catch (RuntimeException e) {
            Refusals.requireInvalidOrder(e);
            return;
        }
        roundTrip(event);
    }

    /** An accepted order survives both encodings unchanged (the pipeline re-encodes it on every hop). */
    static void roundTrip(OrderEvent event) {
        OrderEvent viaJson = OrderCodec.fromJson(OrderCodec.toJson(event));
        OrderEvent viaProto = OrderCodec.fromProto(event.tenantId(), OrderCodec.toProto(event));
        for (OrderEvent other : new OrderEvent[] {viaJson, viaProto}) {
            if (!other.key().equals(event.key()) || other.payAmount().compareTo(event.payAmount()) != 0
                    || !other.orderTime().equals(event.orderTime()) || other.items().size() != event.items().size()
                    || !other.status().equals(event.status())) {
                throw new AssertionError("an order changed on a round trip: " + event + " became " + other);
            }
        }
    }
}
