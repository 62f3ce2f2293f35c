package com.bi.common.grpc;

import java.util.concurrent.TimeUnit;

import com.bi.common.server.Service;
import com.bi.common.server.Wiring;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.proto.health.v1.HealthCheckRequest;
import com.bi.proto.health.v1.HealthCheckResponse;
import com.bi.proto.health.v1.HealthGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Hostile finding F7: a request message above Helidon's gRPC read buffer was never answered (the client waited for its
 * deadline) or failed INTERNAL "Too many requests". Through the kit, a message above {@code bi.grpc.max.message} is
 * RESOURCE_EXHAUSTED at once, messages up to the limit are served, and the connection keeps serving.
 */
class GrpcMessageLimitTest {
    private static final int DEADLINE_SECONDS = 60;
    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(Service.of("bi-grpc-limit", platform -> Wiring.builder(null).build()));

    private static ManagedChannel channel() {
        return NettyChannelBuilder.forAddress("127.0.0.1", SERVICE.grpcPort()).usePlaintext()
                .maxInboundMessageSize(16 << 20).build();
    }

    private static HealthGrpc.HealthBlockingStub health(ManagedChannel channel) {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    /** A Check whose service name makes the message {@code bytes} long, filled with {@code fill}. */
    private static HealthCheckRequest sized(int bytes, char fill) {
        return HealthCheckRequest.newBuilder().setService(String.valueOf(fill).repeat(bytes - 5)).build();
    }

    private static Status refusal(ManagedChannel channel, HealthCheckRequest request) {
        return assertThrows(StatusRuntimeException.class, () -> health(channel).check(request)).getStatus();
    }

    @Test
    void aMessageAboveTheLimitIsResourceExhaustedAtOnceAndTheConnectionKeepsServing() throws Exception {
        ManagedChannel channel = channel();
        try {
            // "x" text and zero bytes: Helidon read the rest of such a message as further messages (garbage lengths)
            for (char fill : new char[] {'x', '\0', 'x'}) {
                HealthCheckRequest oversized = sized(GrpcMessageLimit.DEFAULT_MAX_MESSAGE_BYTES + 1024, fill);
                oversized.getSerializedSize(); // built and sized before the clock starts: the time measured is the call's
                long started = System.nanoTime();
                Status status = refusal(channel, oversized);
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertThat(status.toString(), status.getCode(), is(Status.Code.RESOURCE_EXHAUSTED));
                assertThat(status.getDescription(), containsString("at most " + GrpcMessageLimit.DEFAULT_MAX_MESSAGE_BYTES));
                assertThat(status.getDescription(), containsString(GrpcMessageLimit.SETTING));
                System.out.println("F7 refusal (" + (int) fill + ") answered in " + millis + " ms");
                assertThat("answered in " + millis + " ms", millis, lessThan(DEADLINE_SECONDS * 1000L / 2));
            }
            // the same connection still serves, a message far above Helidon's 2 MiB default included
            Status large = refusal(channel, sized(3 * 1024 * 1024, 'y'));
            assertThat(large.toString(), large.getCode(), is(Status.Code.NOT_FOUND));
            assertThat(health(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus(),
                    is(HealthCheckResponse.ServingStatus.SERVING));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMessageOfExactlyTheLimitIsServed() throws Exception {
        ManagedChannel channel = channel();
        try {
            Status status = refusal(channel, sized(GrpcMessageLimit.DEFAULT_MAX_MESSAGE_BYTES - 3, 'z'));
            assertThat(status.toString(), status.getCode(), is(Status.Code.NOT_FOUND));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void theLimitIsASettingWithBounds() {
        assertThrows(IllegalArgumentException.class, () -> new GrpcMessageLimit(1024));
        assertThat(new GrpcMessageLimit(1 << 20).maxMessageBytes(), is(1 << 20));
    }
}
