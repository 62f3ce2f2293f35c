package com.bi.leke;

import java.util.function.UnaryOperator;

import com.bi.common.config.Settings;
import com.bi.common.security.SecretBox;
import com.bi.common.server.DeclaredService;
import com.bi.common.server.Platform;
import com.bi.common.maintenance.RetentionPolicy;
import com.bi.common.server.Wiring;
import com.bi.leke.api.LekeRoutes;
import com.bi.leke.data.JdbcInbox;
import com.bi.leke.domain.Inbox;
import com.bi.leke.domain.InboxProcessor;
import com.bi.leke.domain.WebhookVerifier;
import com.bi.orders.sink.OrderSink;
import com.bi.orders.sink.OrderSinks;

/**
 * bi-api-leke, declared: signed webhooks (the signature is the credential: no bearer token) into a durable inbox
 * over PostgreSQL, and — unless {@code bi.leke.inbox.enabled=false} — the worker that processes the inbox into order
 * events (Kafka or bi-analysis's Ingest).
 */
public final class LekeService extends DeclaredService {
    public static final String NAME = LekeOptions.CATALOG.service();

    private final OrderSink sink;
    private final UnaryOperator<Inbox> inboxWrapper;

    /** Production: the order sink the configuration chooses, closed on stop. */
    public LekeService() {
        this(null, UnaryOperator.identity());
    }

    /**
     * With {@code sink} in place of the configured one (the caller closes it) and the inbox as {@code inboxWrapper}
     * returns it (tests put a fault in front of the real one).
     */
    public LekeService(OrderSink sink, UnaryOperator<Inbox> inboxWrapper) {
        super(LekeOptions.CATALOG);
        this.sink = sink;
        this.inboxWrapper = inboxWrapper;
    }

    /** The wired parts. */
    public record Leke(Inbox inbox, WebhookVerifier verifier) {
    }

    @Override
    public Wiring wire(Platform platform) {
        Settings s = platform.settings();
        LekeOptions options = LekeOptions.from(s);
        Inbox inbox = inboxWrapper.apply(inbox(platform));
        WebhookVerifier verifier = new WebhookVerifier(options.replayWindow(), platform.clock());
        Wiring.Builder wiring = Wiring.builder(new Leke(inbox, verifier))
                .publicPaths(LekeRoutes.WEBHOOK)
                .http(routing -> LekeRoutes.register(routing, inbox, verifier))
                // pending and DEAD events have no processed_at and stay; replays older than the window are refused anyway
                .retention(platform, new RetentionPolicy("leke-inbox", "inbox", "processed_at", LekeOptions.INBOX_RETENTION));
        if (options.inboxEnabled()) {
            OrderSink orders = sink != null ? sink : OrderSinks.create(platform);
            // supervised: a failing pass is retried with backoff, a dead loop makes readiness DOWN
            wiring.worker(processor(s, inbox, orders), options.inboxPoll());
            if (sink == null) {
                wiring.closeOnStop(orders); // after the processor stopped: what it sent is flushed
            }
        }
        return wiring.build();
    }

    /** The durable inbox on the platform's database, payloads sealed with the platform's secret box. */
    public static Inbox inbox(Platform platform) {
        return new JdbcInbox(platform.jdbc(), SecretBox.fromSettings(platform.settings(), platform.env()));
    }

    /** Keys: bi.leke.inbox.batch (200), bi.leke.inbox.max.attempts (8), bi.leke.inbox.lease (5m, renewed during a hand-off). */
    public static InboxProcessor processor(Settings s, Inbox inbox, OrderSink sink) {
        LekeOptions options = LekeOptions.from(s);
        return new InboxProcessor(inbox, sink, options.inboxBatch(), options.inboxMaxAttempts(), options.inboxLease());
    }
}
