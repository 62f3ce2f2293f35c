package com.bi.common.work;

/**
 * One background loop of a service (a Kafka consumer, an inbox processor, a scheduled pull), run by {@link Workers}:
 * the kit calls {@link #runOnce()} again and again on the worker's own thread until the service stops.
 */
public interface Worker {
    /** Label for health and metrics, e.g. {@code kafka-orders}, {@code leke-inbox}: 1 to 64 of {@code [A-Za-z0-9._-]}. */
    String name();

    /**
     * One iteration. true = did work (run again at once); false = idle (run again after the idle delay).
     * Any Throwable is caught, logged, counted and retried with exponential backoff (capped); the loop
     * ends only on stop.
     */
    boolean runOnce() throws Exception;

    /** Called from another thread on stop (e.g. {@code KafkaConsumer.wakeup()}) to end a blocking {@link #runOnce()}. */
    default void wakeup() {
    }

    /** Called on the worker's own thread after its loop ends (close what the thread owns, e.g. a KafkaConsumer). */
    default void close() {
    }
}
