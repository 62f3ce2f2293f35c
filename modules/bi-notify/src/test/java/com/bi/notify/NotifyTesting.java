package com.bi.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.bi.common.testing.Http;
import com.bi.notify.domain.Notifications;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Shared test settings and steps: local receivers are trusted (loopback, http), retries are fast. */
final class NotifyTesting {
    static final String API = "/api/notify/v1/";

    private NotifyTesting() {
    }

    /** Loopback receivers allowed (the test-only option), the robots' hosts pointed at them, quick retries. */
    static Map<String, String> config() {
        return Map.of(
                "bi.notify.outbound.schemes", "http,https",
                "bi.notify.outbound.trusted.networks", "127.0.0.1/32",
                "bi.notify.dingtalk.hosts", "127.0.0.1",
                "bi.notify.wecom.hosts", "127.0.0.1",
                "bi.notify.feishu.hosts", "127.0.0.1",
                "bi.notify.retry.base", "5ms",
                "bi.notify.retry.max", "20ms",
                "bi.notify.retry.max.attempts", "3",
                "bi.notify.timeout", "3s",
                "bi.notify.webhook.per.minute", "10000");
    }

    static String createChannel(Http http, String bearer, String json) {
        Http.Response created = http.post(API + "channels", bearer, json);
        assertThat(created.toString(), created.status(), is(201));
        return created.json().get("id").asText();
    }

    /** Runs the delivery loop (as the worker does) until {@code done}, failing after 20 s. */
    static void deliverUntil(Notifications notifications, BooleanSupplier done) {
        Instant end = Instant.now().plus(Duration.ofSeconds(20));
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not done within 20 s");
            }
            if (!notifications.deliverNext()) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** Runs the delivery loop until nothing is due. */
    static void drain(Notifications notifications) {
        int rounds = 0;
        while (notifications.deliverNext()) {
            if (++rounds > 10_000) {
                throw new AssertionError("the outbox never drained");
            }
        }
    }
}
