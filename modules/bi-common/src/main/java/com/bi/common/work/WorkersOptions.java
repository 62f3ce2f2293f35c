package com.bi.common.work;

import java.time.Duration;

import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.Option;
import com.bi.common.config.OptionGroup;
import com.bi.common.config.Settings;

/** Background workers: retry backoff, when a failing worker makes the service unready, how long stopping may take. */
public record WorkersOptions(Duration backoffMin, Duration backoffMax, Duration unhealthyAfter, Duration stopTimeout) {
    public static final Option<Duration> BACKOFF_MIN = Option.duration("bi.worker.backoff.min", Duration.ofSeconds(1),
            Duration.ofMillis(1), Duration.ofMinutes(10), "first retry backoff of a failing worker iteration");
    public static final Option<Duration> BACKOFF_MAX = Option.duration("bi.worker.backoff.max", Duration.ofMinutes(1),
            Duration.ofMillis(1), Duration.ofHours(1), "longest retry backoff (not below bi.worker.backoff.min)");
    public static final Option<Duration> UNHEALTHY_AFTER = Option.duration("bi.worker.unhealthy.after", Duration.ofMinutes(2),
            Duration.ofMillis(100), Duration.ofDays(1),
            "a worker failing continuously this long makes readiness DOWN (bi_worker_up{worker} 0)");
    public static final Option<Duration> STOP_TIMEOUT = Option.duration("bi.worker.stop.timeout", Duration.ofSeconds(5),
            Duration.ofMillis(100), Duration.ofMinutes(5), "how long workers may take to stop before they are interrupted");

    public static final OptionGroup GROUP = OptionGroup.of("workers", "Background workers", BACKOFF_MIN, BACKOFF_MAX,
            UNHEALTHY_AFTER, STOP_TIMEOUT);

    public static WorkersOptions from(Settings s) {
        Duration min = s.get(BACKOFF_MIN);
        Duration max = s.get(BACKOFF_MAX);
        if (max.compareTo(min) < 0) {
            throw new InvalidConfigException(BACKOFF_MAX.key(), "must not be below " + BACKOFF_MIN.key() + " (" + min + "); got " + max);
        }
        return new WorkersOptions(min, max, s.get(UNHEALTHY_AFTER), s.get(STOP_TIMEOUT));
    }
}
