package com.bi.notify.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Per-channel send limits, counted over the delivery log (so they hold across replicas): the robots' documented ones
 * and configurable ones for webhooks and email.
 * <ul>
 *   <li>DingTalk, "Custom robot access" (自定义机器人接入): each robot sends at most 20 messages per minute; above that it
 *       is throttled for 10 minutes.</li>
 *   <li>WeCom, "Group robot configuration" (群机器人配置说明): each robot sends at most 20 messages per minute.</li>
 *   <li>Feishu, "Custom bot usage guide" (自定义机器人使用指南): 100 requests per minute and 5 per second per bot.</li>
 * </ul>
 */
public final class RateLimits {
    /** At most {@code count} requests within any {@code window}. */
    public record Limit(int count, Duration window) {
    }

    private final Map<ChannelKind, List<Limit>> limits;

    public RateLimits(Map<ChannelKind, List<Limit>> limits) {
        this.limits = Map.copyOf(limits);
    }

    /** The documented robot limits and {@code webhookPerMinute} / {@code emailPerMinute} for the others. */
    public static RateLimits standard(int webhookPerMinute, int emailPerMinute) {
        Duration minute = Duration.ofMinutes(1);
        return new RateLimits(Map.of(
                ChannelKind.DINGTALK, List.of(new Limit(20, minute)),
                ChannelKind.WECOM, List.of(new Limit(20, minute)),
                ChannelKind.FEISHU, List.of(new Limit(100, minute), new Limit(5, Duration.ofSeconds(1))),
                ChannelKind.WEBHOOK, List.of(new Limit(webhookPerMinute, minute)),
                ChannelKind.EMAIL, List.of(new Limit(emailPerMinute, minute))));
    }

    public List<Limit> of(ChannelKind kind) {
        return limits.getOrDefault(kind, List.of());
    }

    /** The longest window of {@code kind}: how far back the log is read. */
    public Duration longestWindow(ChannelKind kind) {
        return of(kind).stream().map(Limit::window).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /**
     * When {@code posts} more requests may go to a channel of {@code kind} given its {@code recent} attempts: null
     * when now, else the first instant every limit allows it. A message needing more requests than a limit allows
     * counts as exactly that limit (it waits for an empty window instead of forever).
     */
    public Instant blockedUntil(ChannelKind kind, List<DeliveryAttempt> recent, int posts, Instant now) {
        Instant until = null;
        for (Limit limit : of(kind)) {
            Instant from = now.minus(limit.window());
            List<DeliveryAttempt> inWindow = recent.stream().filter(a -> a.attemptedAt().isAfter(from))
                    .sorted((a, b) -> a.attemptedAt().compareTo(b.attemptedAt())).toList();
            int used = inWindow.stream().mapToInt(DeliveryAttempt::posts).sum();
            int needed = Math.min(posts, limit.count());
            if (used + needed <= limit.count()) {
                continue;
            }
            // free the window from its oldest attempts until the request fits
            int free = limit.count() - used;
            Instant fits = now;
            for (DeliveryAttempt attempt : inWindow) {
                free += attempt.posts();
                fits = attempt.attemptedAt().plus(limit.window());
                if (free >= needed) {
                    break;
                }
            }
            if (until == null || fits.isAfter(until)) {
                until = fits;
            }
        }
        return until;
    }
}
