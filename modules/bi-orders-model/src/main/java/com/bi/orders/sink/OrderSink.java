package com.bi.orders.sink;

import java.util.List;

import com.bi.orders.OrderEvent;

/**
 * Where a connector hands orders over. {@link #publish} returns only once the events are durable (acknowledged by
 * all in-sync Kafka replicas, or committed by bi-analysis); only then may a connector advance its checkpoint or
 * mark an inbox row done. Throws when the hand-over failed: nothing may be assumed delivered then. An
 * {@link IllegalArgumentException} ({@link RejectedOrdersException}, or {@code OrderEvent.InvalidOrderException} for an
 * order that fails validation) means the orders themselves were refused: retrying the same batch cannot help.
 */
public interface OrderSink extends AutoCloseable {
    void publish(String tenantId, List<OrderEvent> events);

    /** "kafka" or "grpc", for status pages and logs. */
    String kind();

    @Override
    default void close() {
    }
}
