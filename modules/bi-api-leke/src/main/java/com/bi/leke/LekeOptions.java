package com.bi.leke;

import java.time.Duration;

import com.bi.common.config.Option;
import com.bi.common.config.OptionCatalog;
import com.bi.common.config.OptionGroup;
import com.bi.common.config.Settings;
import com.bi.orders.sink.KafkaOptions;

/** bi-api-leke's own options: webhook replay window and the inbox worker. */
public record LekeOptions(boolean inboxEnabled, Duration inboxPoll, Duration replayWindow, int inboxBatch,
                          int inboxMaxAttempts, Duration inboxLease) {
    public static final Option<Boolean> INBOX_ENABLED = Option.bool("bi.leke.inbox.enabled", true,
            "run the inbox worker that hands received webhooks on as order events");
    public static final Option<Duration> INBOX_POLL = Option.duration("bi.leke.inbox.poll", Duration.ofMillis(500),
            Duration.ofMillis(10), Duration.ofMinutes(1), "how often the inbox worker looks for new webhooks");
    public static final Option<Duration> REPLAY_WINDOW = Option.duration("bi.leke.replay.window", Duration.ofMinutes(5),
            Duration.ofSeconds(10), Duration.ofHours(1), "a webhook's timestamp may be this far from now; older or newer is refused");
    public static final Option<Integer> INBOX_BATCH = Option.integer("bi.leke.inbox.batch", 200, 1, 5000,
            "inbox events leased per pass");
    public static final Option<Integer> INBOX_MAX_ATTEMPTS = Option.integer("bi.leke.inbox.max.attempts", 8, 1, 100,
            "hand-off attempts (backoff 1s, 2s, 4s … at most 5m) before an event is DEAD");
    public static final Option<Duration> INBOX_LEASE = Option.duration("bi.leke.inbox.lease", Duration.ofMinutes(5),
            Duration.ofMillis(100), Duration.ofHours(1), "lease on claimed events, renewed during a hand-off");
    public static final Option<Duration> INBOX_RETENTION = Option.duration("bi.leke.inbox.retention", Duration.ofDays(30),
            Duration.ofDays(1), Duration.ofDays(3650), "processed inbox events are deleted this long after processing (bi-cron retention)");

    public static final OptionGroup GROUP = OptionGroup.of("bi-api-leke", "bi-api-leke", INBOX_ENABLED, INBOX_POLL,
            REPLAY_WINDOW, INBOX_BATCH, INBOX_MAX_ATTEMPTS, INBOX_LEASE, INBOX_RETENTION);

    /** What bi-api-leke reads beyond the kit: its own options and the order topic's (its sink). */
    public static final OptionCatalog CATALOG = OptionCatalog.of("bi-api-leke", GROUP, KafkaOptions.GROUP);

    public static LekeOptions from(Settings s) {
        return new LekeOptions(s.get(INBOX_ENABLED), s.get(INBOX_POLL), s.get(REPLAY_WINDOW), s.get(INBOX_BATCH),
                s.get(INBOX_MAX_ATTEMPTS), s.get(INBOX_LEASE));
    }
}
