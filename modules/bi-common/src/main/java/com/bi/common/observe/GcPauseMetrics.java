package com.bi.common.observe;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/**
 * {@code jvm_gc_pause_seconds{action,cause,gc}}, recorded from the JVM's GC notifications.
 *
 * <p>Replaces Micrometer's {@code JvmGcMetrics}, which registers its timers straight into the Micrometer registry
 * from the JVM's notification thread: Micrometer's registry lock, then (through Helidon's meter-added listener)
 * Helidon's registry lock — the opposite order of any Helidon registration on another thread. A GC during start-up
 * deadlocked both threads (seen as a hung test JVM). Registering through Helidon's API keeps one lock order.
 */
final class GcPauseMetrics {
    private static final Logger LOG = Logger.getLogger(GcPauseMetrics.class.getName());

    private GcPauseMetrics() {
    }

    static void bind(MeterRegistry registry) {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> record(registry, notification), null, null);
            }
        }
    }

    private static void record(MeterRegistry registry, Notification notification) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        try {
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            Timer timer = registry.getOrCreate(Timer.builder("jvm.gc.pause")
                    .description("Time spent in GC pause")
                    .tags(List.of(Tag.create("action", info.getGcAction()), Tag.create("cause", info.getGcCause()),
                            Tag.create("gc", info.getGcName()))));
            timer.record(info.getGcInfo().getDuration(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "GC notification not recorded", e);
        }
    }
}
