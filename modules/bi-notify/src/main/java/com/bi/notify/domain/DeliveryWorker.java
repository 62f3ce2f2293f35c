package com.bi.notify.domain;

import com.bi.common.work.Worker;

/**
 * The delivery loop: sends due deliveries one at a time until none is due, then idles (the kit's idle delay, {@code
 * bi.notify.poll}). Several of these, on one replica or many, share the outbox safely (see {@link Outbox}).
 */
public final class DeliveryWorker implements Worker {
    private final String name;
    private final Notifications notifications;

    public DeliveryWorker(String name, Notifications notifications) {
        this.name = name;
        this.notifications = notifications;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean runOnce() {
        return notifications.deliverNext();
    }
}
