package com.bi.notify.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/** The pure delivery rules: the retry schedule with its jitter bounds, the rate-limit windows, template filling. */
class DeliveryRulesUnitTest {
    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    @Test
    void backoffDoublesUpToTheCapWithJitterInItsUpperHalf() {
        RetryPolicy low = new RetryPolicy(5, Duration.ofSeconds(10), Duration.ofMinutes(1), () -> 0.0);
        RetryPolicy high = new RetryPolicy(5, Duration.ofSeconds(10), Duration.ofMinutes(1), () -> 0.999999);
        assertThat(low.delay(1), is(Duration.ofSeconds(5)));
        assertThat(high.delay(1).toMillis(), is(9999L));
        assertThat(low.delay(2), is(Duration.ofSeconds(10)));
        assertThat(low.delay(3), is(Duration.ofSeconds(20)));
        assertThat(low.delay(4), is(Duration.ofSeconds(30))); // 80 s capped at 60 s, jitter from 30 s
        assertThat(high.delay(40).toMillis(), is(59999L));
        assertThat(low.next(4, NOW), is(NOW.plusSeconds(30)));
        assertThat(low.next(5, NOW), nullValue()); // the fifth attempt was the last
    }

    @Test
    void dingTalkAllowsTwentyPerMinuteAndTheTwentyFirstWaitsForTheOldestToAge() {
        RateLimits limits = RateLimits.standard(60, 30);
        List<DeliveryAttempt> recent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            recent.add(new DeliveryAttempt(NOW.minusSeconds(50 - i), 1, DeliveryStatus.SENT, null));
        }
        assertThat(limits.blockedUntil(ChannelKind.DINGTALK, recent.subList(0, 19), 1, NOW), nullValue());
        assertThat(limits.blockedUntil(ChannelKind.DINGTALK, recent, 1, NOW), is(NOW.minusSeconds(50).plusSeconds(60)));
        // WeCom: a message with two images is three requests
        assertThat(limits.blockedUntil(ChannelKind.WECOM, recent.subList(0, 18), 3, NOW), is(NOW.minusSeconds(50).plusSeconds(60)));
        // Feishu: 5 per second as well as 100 per minute
        List<DeliveryAttempt> burst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            burst.add(new DeliveryAttempt(NOW.minusMillis(500 - i), 1, DeliveryStatus.SENT, null));
        }
        assertThat(limits.blockedUntil(ChannelKind.FEISHU, burst, 1, NOW), is(NOW.minusMillis(500).plusSeconds(1)));
        assertThat(limits.blockedUntil(ChannelKind.WEBHOOK, burst, 1, NOW), nullValue());
        assertThat(new RateLimits(Map.of()).blockedUntil(ChannelKind.EMAIL, burst, 1, NOW), nullValue());
    }

    @Test
    void templatesFillEveryPlaceholderAndNameAMissingOne() {
        assertThat(Templates.fill("{{ shop }} at {{pct}}", Map.of("shop", "Tmall $1", "pct", "71%")), is("Tmall $1 at 71%"));
        assertThat(List.copyOf(Templates.variables("{{a}} {{b}} {{a}}")), is(List.of("a", "b")));
        var missing = org.junit.jupiter.api.Assertions.assertThrows(com.bi.common.error.ApiException.class,
                () -> Templates.fill("{{shop}} {{day}}", Map.of("shop", "A")));
        assertThat(missing.field(), is("variables.day"));
    }
}
