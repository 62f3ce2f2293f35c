package com.bi.common.peers;

import java.time.Duration;

import com.bi.common.config.Option;
import com.bi.common.config.OptionGroup;
import com.bi.common.config.ReloadableOption;

/**
 * gRPC peers: per peer ({@code <peer>} = the service name without {@code bi-}, dashes as dots, e.g.
 * {@code bi.peers.api.leke.address}) the address, deadline and retries; one circuit breaker setting for all.
 */
public final class PeersOptions {
    public static final Option<String> ADDRESS = Option.string("bi.peers.<peer>.address", null,
            "a gRPC peer's host:port (Kubernetes service DNS in the chart)")
            .defaultText("localhost:<catalog gRPC port>")
            .format("\\S+:([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])", "host:port");
    public static final ReloadableOption<Duration> TIMEOUT = Option.duration("bi.peers.<peer>.timeout", Duration.ofSeconds(3),
            Duration.ofMillis(50), Duration.ofMinutes(5), "default deadline of calls to the peer").reloadable();
    public static final Option<Integer> RETRIES = Option.integer("bi.peers.<peer>.retries", 2, 0, 5,
            "retries of UNAVAILABLE for the peer's idempotent services");
    public static final Option<Integer> BREAKER_FAILURES = Option.integer("bi.peers.breaker.failures", 5, 1, 1000,
            "circuit breaker: consecutive failures to open");
    public static final Option<Duration> BREAKER_OPEN = Option.duration("bi.peers.breaker.open", Duration.ofSeconds(10),
            Duration.ofMillis(100), Duration.ofMinutes(10), "circuit breaker: time before a trial call");

    public static final OptionGroup GROUP = OptionGroup.of("peers", "gRPC peers", ADDRESS, TIMEOUT, RETRIES,
            BREAKER_FAILURES, BREAKER_OPEN);

    private PeersOptions() {
    }

    /** The {@code <peer>} segment of a service's keys: {@code bi-api-leke} → {@code api.leke}. */
    public static String peerKey(String peerName) {
        return peerName.replaceFirst("^bi-", "").replace('-', '.');
    }
}
