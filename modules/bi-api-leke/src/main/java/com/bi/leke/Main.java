package com.bi.leke;

import java.time.Clock;
import java.time.Duration;

import com.bi.common.config.Settings;
import com.bi.common.server.ServiceKit;
import com.bi.leke.api.LekeRoutes;
import com.bi.leke.data.JdbcInbox;
import com.bi.leke.domain.Inbox;
import com.bi.leke.domain.InboxProcessor;
import com.bi.leke.domain.WebhookVerifier;
import com.bi.common.security.SecretBox;
import com.bi.orders.sink.OrderSink;
import com.bi.orders.sink.OrderSinks;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.http.HttpRouting;

/** bi-api-leke: signed webhooks into a durable inbox, processed into order events. HTTP 8005, gRPC 9005. */
public final class Main {
    public static final String NAME = "bi-api-leke";

    private Main() {
    }

    public static void main(String[] args) {
        ServiceKit.launch(NAME, Main::start);
    }

    static WebServer start(ServiceKit kit) {
        publicPaths(kit);
        Inbox inbox = inbox(kit);
        WebhookVerifier verifier = verifier(kit);
        WebServer server = kit.serve(routing -> routing(kit, routing, inbox, verifier), Main::grpc);
        if (kit.settings().bool("bi.leke.inbox.enabled", true)) {
            OrderSink sink = OrderSinks.create(kit);
            // supervised by the kit: a failing pass is retried with backoff, a dead loop makes readiness DOWN
            kit.workers().start(processor(kit, inbox, sink), kit.settings().duration("bi.leke.inbox.poll",
                    Duration.ofMillis(500), Duration.ofMillis(10), Duration.ofMinutes(1)));
            kit.onShutdown(sink::close);
        }
        return server;
    }

    public static Inbox inbox(ServiceKit kit) {
        return new JdbcInbox(kit.jdbc(), SecretBox.fromSettings(kit.settings(), kit.env()));
    }

    public static WebhookVerifier verifier(ServiceKit kit) {
        return new WebhookVerifier(kit.settings().duration("bi.leke.replay.window", Duration.ofMinutes(5),
                Duration.ofSeconds(10), Duration.ofHours(1)), Clock.systemUTC());
    }

    /** Keys: bi.leke.inbox.batch (200), bi.leke.inbox.max.attempts (8), bi.leke.inbox.lease (5m, renewed during a hand-off). */
    public static InboxProcessor processor(ServiceKit kit, Inbox inbox, OrderSink sink) {
        Settings s = kit.settings();
        return new InboxProcessor(inbox, sink, s.intInRange("bi.leke.inbox.batch", 200, 1, 5000),
                s.intInRange("bi.leke.inbox.max.attempts", 8, 1, 100),
                s.duration("bi.leke.inbox.lease", Duration.ofMinutes(5), Duration.ofMillis(100), Duration.ofHours(1)));
    }

    public static void routing(ServiceKit kit, HttpRouting.Builder routing, Inbox inbox, WebhookVerifier verifier) {
        LekeRoutes.register(routing, inbox, verifier);
    }

    public static void grpc(GrpcRouting.Builder grpc) {
        // no gRPC API of its own yet (gRPC health is served by the kit)
    }

    /** The webhook needs no bearer token: its signature is the credential. */
    public static ServiceKit publicPaths(ServiceKit kit) {
        return kit.publicPaths(LekeRoutes.WEBHOOK);
    }
}
