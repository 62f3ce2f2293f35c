package com.bi.notify;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

import com.bi.common.maintenance.RetentionPolicy;
import com.bi.common.security.SecretBox;
import com.bi.common.server.Catalog;
import com.bi.common.server.DeclaredService;
import com.bi.common.server.Platform;
import com.bi.common.server.Wiring;
import com.bi.notify.api.NotifyGrpcService;
import com.bi.notify.api.NotifyRoutes;
import com.bi.notify.data.ChannelSenders;
import com.bi.notify.data.EmailSender;
import com.bi.notify.data.HttpChannelSender;
import com.bi.notify.data.JdbcChannels;
import com.bi.notify.data.JdbcOutbox;
import com.bi.notify.data.JdbcTemplates;
import com.bi.notify.data.OutboundGuard;
import com.bi.notify.domain.DeliveryWorker;
import com.bi.notify.domain.Notifications;
import com.bi.notify.domain.RateLimits;
import com.bi.notify.domain.RetryPolicy;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Tag;

/**
 * bi-notify, declared: a tenant's channels (webhook, DingTalk, WeCom, Feishu, email) and message templates over
 * PostgreSQL, {@code send} into a durable outbox, and the delivery workers that send with retries and rate limits.
 */
public final class NotifyService extends DeclaredService {
    public static final String NAME = NotifyOptions.CATALOG.service();
    /** {@code /api/notify/v1/}, from the catalog. */
    public static final String PREFIX = Catalog.of(NAME).apiPrefix();

    public NotifyService() {
        super(NotifyOptions.CATALOG);
    }

    @Override
    public Wiring wire(Platform platform) {
        NotifyOptions options = NotifyOptions.from(platform.settings(), platform.env());
        Notifications notifications = notifications(platform, options);
        Wiring.Builder wiring = Wiring.builder(notifications)
                .http(routing -> NotifyRoutes.register(routing, PREFIX, notifications))
                .grpc(new NotifyGrpcService(notifications))
                // the outbox and its delivery log do not grow forever: bi-cron's retention job purges old messages
                .retention(platform, new RetentionPolicy("notify-messages", "message", "created_at", NotifyOptions.MESSAGE_RETENTION));
        for (int i = 0; i < options.workers(); i++) {
            wiring.worker(new DeliveryWorker("notify-delivery-" + i, notifications), options.poll());
        }
        return wiring.build();
    }

    /** The use cases over PostgreSQL, the HTTP and SMTP senders and the SSRF guard. */
    static Notifications notifications(Platform platform, NotifyOptions options) {
        Clock clock = platform.clock();
        OutboundGuard guard = new OutboundGuard(options.schemes(), options.robotHosts(), options.trusted());
        ChannelSenders senders = new ChannelSenders(
                new HttpChannelSender(guard, options.timeout(), clock, options.wecomMaxImages()),
                new EmailSender(guard, options.timeout()));
        SecureRandom random = new SecureRandom();
        RetryPolicy retry = new RetryPolicy(options.maxAttempts(), options.retryBase(), options.retryMax(), random::nextDouble);
        return new Notifications(new JdbcChannels(platform.jdbc()), new JdbcTemplates(platform.jdbc()),
                new JdbcOutbox(platform.jdbc()), senders, guard, SecretBox.fromSettings(platform.settings(), platform.env()),
                retry, RateLimits.standard(options.webhookPerMinute(), options.emailPerMinute()), options.limits(), clock,
                delivery -> platform.metrics().getOrCreate(Counter.builder("bi.notify.deliveries")
                        .description("Delivery attempts by channel kind and the delivery's state after them (queued: postponed by a rate limit)")
                        .tags(List.of(Tag.create("kind", delivery.channelKind().name()),
                                Tag.create("outcome", delivery.status().name().toLowerCase(Locale.ROOT))))).increment());
    }
}
