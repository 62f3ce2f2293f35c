package com.bi.common.peers;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * Stops calling a peer that keeps failing: after {@code failureThreshold} consecutive UNAVAILABLE /
 * DEADLINE_EXCEEDED answers the breaker opens and calls fail at once with UNAVAILABLE; after {@code openFor} one
 * trial call goes through (half-open) and its outcome closes or re-opens the breaker.
 */
public final class CircuitBreaker implements ClientInterceptor {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final String peer;
    private final int failureThreshold;
    private final Duration openFor;
    private final Clock clock;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicLong openedAt = new AtomicLong(-1);
    private final AtomicInteger trialsInFlight = new AtomicInteger();

    public CircuitBreaker(String peer, int failureThreshold, Duration openFor, Clock clock) {
        this.peer = peer;
        this.failureThreshold = failureThreshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    public State state() {
        long opened = openedAt.get();
        if (opened < 0) {
            return State.CLOSED;
        }
        return clock.millis() - opened >= openFor.toMillis() ? State.HALF_OPEN : State.OPEN;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        State state = state();
        boolean trial = false;
        if (state == State.OPEN || state == State.HALF_OPEN && !(trial = trialsInFlight.compareAndSet(0, 1))) {
            return new FailingCall<>(Status.UNAVAILABLE.withDescription("circuit open for peer " + peer
                    + " after " + failureThreshold + " consecutive failures; retrying in at most " + openFor.toSeconds() + "s"));
        }
        boolean isTrial = trial;
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        record(status, isTrial);
                        super.onClose(status, trailers);
                    }
                }, headers);
            }
        };
    }

    private void record(Status status, boolean trial) {
        if (trial) {
            trialsInFlight.set(0);
        }
        boolean failure = status.getCode() == Status.Code.UNAVAILABLE || status.getCode() == Status.Code.DEADLINE_EXCEEDED;
        if (!failure) {
            consecutiveFailures.set(0);
            openedAt.set(-1);
        } else if (trial || consecutiveFailures.incrementAndGet() >= failureThreshold) {
            openedAt.set(clock.millis());
        }
    }

    private static final class FailingCall<Q, R> extends ClientCall<Q, R> {
        private final Status status;

        FailingCall(Status status) {
            this.status = status;
        }

        @Override
        public void start(Listener<R> listener, Metadata headers) {
            listener.onClose(status, new Metadata());
        }

        @Override
        public void request(int numMessages) {
        }

        @Override
        public void cancel(String message, Throwable cause) {
        }

        @Override
        public void halfClose() {
        }

        @Override
        public void sendMessage(Q message) {
        }
    }
}
