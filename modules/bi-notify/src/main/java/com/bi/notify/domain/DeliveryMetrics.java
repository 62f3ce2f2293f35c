package com.bi.notify.domain;

/** Told of every stored attempt outcome (after its transaction committed): the service counts them as metrics. */
@FunctionalInterface
public interface DeliveryMetrics {
    /** {@code delivery} as stored after an attempt: SENT, FAILED, DEAD, or QUEUED when a rate limit postponed it. */
    void recorded(Delivery delivery);
}
