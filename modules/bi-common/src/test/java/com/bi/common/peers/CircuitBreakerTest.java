package com.bi.common.peers;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import com.bi.common.server.Service;
import com.bi.common.server.Wiring;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.proto.health.v1.HealthCheckRequest;
import com.bi.proto.health.v1.HealthGrpc;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The breaker opens on a dead peer, fails fast while open, and a successful trial call closes it. */
class CircuitBreakerTest {
    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void opensFailsFastAndClosesAfterASuccessfulTrial() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        ManualClock clock = new ManualClock();
        CircuitBreaker breaker = new CircuitBreaker("dead", 3, Duration.ofSeconds(10), clock);
        ManagedChannel dead = NettyChannelBuilder.forAddress("127.0.0.1", deadPort).usePlaintext().build();
        var deadStub = HealthGrpc.newBlockingStub(ClientInterceptors.intercept(dead, breaker)).withDeadlineAfter(2, TimeUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> deadStub.check(HealthCheckRequest.getDefaultInstance()));
            assertThat(e.getStatus().getCode(), is(Status.Code.UNAVAILABLE));
        }
        assertThat(breaker.state(), is(CircuitBreaker.State.OPEN));
        StatusRuntimeException fast = assertThrows(StatusRuntimeException.class, () -> deadStub.check(HealthCheckRequest.getDefaultInstance()));
        assertThat(fast.getStatus().getDescription(), containsString("circuit open"));

        clock.advance(Duration.ofSeconds(11));
        assertThat(breaker.state(), is(CircuitBreaker.State.HALF_OPEN));
        // the trial goes to a live peer (the same breaker in front of a real gRPC server): it succeeds and closes
        ServiceUnderTest service = ServiceUnderTest.of(Service.of("svc-live", platform -> Wiring.builder(null).build())).start();
        ManagedChannel live = NettyChannelBuilder.forAddress("127.0.0.1", service.grpcPort()).usePlaintext().build();
        try {
            var liveStub = HealthGrpc.newBlockingStub(ClientInterceptors.intercept(live, breaker)).withDeadlineAfter(5, TimeUnit.SECONDS);
            liveStub.check(HealthCheckRequest.getDefaultInstance());
            assertThat(breaker.state(), is(CircuitBreaker.State.CLOSED));
        } finally {
            live.shutdownNow();
            dead.shutdownNow();
            service.close();
        }
    }
}
