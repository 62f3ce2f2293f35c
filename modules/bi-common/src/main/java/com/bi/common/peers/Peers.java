package com.bi.common.peers;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.Option;
import com.bi.common.config.Settings;
import com.bi.common.parse.HostPort;
import com.bi.common.security.CallerToken;
import com.bi.common.server.Catalog;
import com.bi.common.spi.PeerTargetProvider;
import com.bi.common.tracing.Tracing;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * gRPC channels to other services: address from config ({@code bi.peers.<peer>.address}, default
 * {@code localhost:<catalog gRPC port>}; Kubernetes service DNS in the chart), a default deadline
 * ({@code bi.peers.<peer>.timeout}), retries of UNAVAILABLE for the idempotent services named by the caller,
 * a circuit breaker, a CLIENT span with {@code traceparent}, and the caller's bearer token passed on.
 * {@code <peer>} is the service name without {@code bi-}, dashes as dots: {@code BI_PEERS_API_LEKE_ADDRESS}.
 */
public final class Peers implements AutoCloseable {
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Settings settings;
    private final java.util.function.Supplier<Settings> live;
    private final Tracing tracing;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    /**
     * @param settings the settings at start (addresses, retries, breaker)
     * @param live     the current settings, read per call for what applies live (the deadline)
     */
    public Peers(Settings settings, java.util.function.Supplier<Settings> live, Tracing tracing) {
        this.settings = settings;
        this.live = live;
        this.tracing = tracing;
    }

    /** A channel to a catalog service; {@code idempotentServices} (full gRPC service names) are retried. */
    public Channel channel(Catalog peer, String... idempotentServices) {
        return channel(peer.serviceName(), "localhost:" + peer.grpcPort(), idempotentServices);
    }

    public Channel channel(String peerName, String defaultAddress, String... idempotentServices) {
        String peer = PeersOptions.peerKey(peerName);
        Option<String> addressOption = PeersOptions.ADDRESS.at(peer);
        String address = settings.optional(addressOption).orElse(defaultAddress);
        Supplier<Duration> timeout = PeersOptions.TIMEOUT.at(peer).live(settings, live); // validated at start
        int retries = settings.get(PeersOptions.RETRIES.at(peer));
        addressOption.check(address); // a caller's default too: host:port
        try {
            HostPort.parse(address); // stricter than the declared shape: no scheme, bracketed IPv6, a plain port
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(addressOption.key(), e.getMessage());
        }
        // discovery (Nacos) when a provider is enabled, else the static address
        String target = ServiceLoader.load(PeerTargetProvider.class).stream()
                .map(p -> p.get().target(peerName, settings)).flatMap(Optional::stream).findFirst()
                .orElse(dnsTarget(address));
        ManagedChannel channel = channels.computeIfAbsent(peerName, name -> {
            NettyChannelBuilder builder = NettyChannelBuilder.forTarget(target)
                    .usePlaintext()
                    .defaultLoadBalancingPolicy("round_robin")
                    .keepAliveTime(30, TimeUnit.SECONDS);
            if (retries > 0 && idempotentServices.length > 0) {
                builder.enableRetry().defaultServiceConfig(retryConfig(retries, idempotentServices));
            }
            return builder.build();
        });
        CircuitBreaker breaker = breakers.computeIfAbsent(peerName, name -> new CircuitBreaker(name,
                settings.get(PeersOptions.BREAKER_FAILURES), settings.get(PeersOptions.BREAKER_OPEN),
                Clock.systemUTC()));
        // interceptors run last-to-first: auth and tracing see the call first, the breaker wraps the wire
        return ClientInterceptors.intercept(channel, breaker, new Deadline(timeout), new TraceAndAuth(peerName));
    }

    public CircuitBreaker.State breakerState(String peerName) {
        CircuitBreaker breaker = breakers.get(peerName);
        return breaker == null ? CircuitBreaker.State.CLOSED : breaker.state();
    }

    /** {@code dns:///host:port}, quoted so a bracketed IPv6 address is a valid target URI too. */
    private static String dnsTarget(String address) {
        try {
            return new java.net.URI("dns", "", "/" + address, null).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdown);
    }

    private static Map<String, ?> retryConfig(int retries, String... services) {
        List<Map<String, ?>> names = new ArrayList<>();
        for (String service : services) {
            names.add(Map.of("service", service));
        }
        return Map.of("methodConfig", List.of(Map.of(
                "name", names,
                "retryPolicy", Map.of(
                        "maxAttempts", (double) (retries + 1),
                        "initialBackoff", "0.1s",
                        "maxBackoff", "1s",
                        "backoffMultiplier", 2.0,
                        "retryableStatusCodes", List.of("UNAVAILABLE")))));
    }

    /** A deadline on every call that has none (read per call: peer timeouts reload live). */
    private record Deadline(java.util.function.Supplier<Duration> timeout) implements ClientInterceptor {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            CallOptions withDeadline = options.getDeadline() == null
                    ? options.withDeadlineAfter(timeout.get().toMillis(), TimeUnit.MILLISECONDS) : options;
            return next.newCall(method, withDeadline);
        }
    }

    /** A CLIENT span with traceparent in the metadata, and the caller's bearer token passed on. */
    private final class TraceAndAuth implements ClientInterceptor {
        private final String peer;

        TraceAndAuth(String peer) {
            this.peer = peer;
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            Span span = tracing.tracer().spanBuilder(method.getFullMethodName()).setSpanKind(SpanKind.CLIENT)
                    .setAttribute("rpc.system", "grpc").setAttribute("rpc.method", method.getFullMethodName())
                    .setAttribute("peer.service", peer).startSpan();
            String token = CallerToken.current();
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    try (Scope ignored = span.makeCurrent()) {
                        tracing.propagator().inject(Context.current(), headers,
                                (carrier, key, value) -> carrier.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value));
                    }
                    if (token != null && !headers.containsKey(AUTHORIZATION)) {
                        headers.put(AUTHORIZATION, "Bearer " + token);
                    }
                    super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                        @Override
                        public void onClose(Status status, Metadata trailers) {
                            span.setAttribute("rpc.grpc.status_code", status.getCode().value());
                            if (!status.isOk()) {
                                span.setStatus(StatusCode.ERROR, status.getCode().name());
                            }
                            span.end();
                            super.onClose(status, trailers);
                        }
                    }, headers);
                }
            };
        }
    }
}
