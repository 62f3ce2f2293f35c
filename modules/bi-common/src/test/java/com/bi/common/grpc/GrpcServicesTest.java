package com.bi.common.grpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import com.bi.proto.health.v1.HealthCheckRequest;
import com.bi.proto.health.v1.HealthCheckResponse;
import com.bi.proto.health.v1.HealthGrpc;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.grpc.GrpcRouting;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Hostile-input finding F6: request bytes that are not a valid message left the call unanswered until the client's
 * deadline. Through {@link GrpcServices#guarded} they are {@code INVALID_ARGUMENT} at once, and valid calls still work.
 */
class GrpcServicesTest {
    private static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    };
    private static final MethodDescriptor<byte[], byte[]> CHECK = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(HealthGrpc.getCheckMethod().getFullMethodName())
            .setRequestMarshaller(RAW).setResponseMarshaller(RAW).build();

    private static WebServer guarded;
    private static WebServer plain;

    @BeforeAll
    static void start() {
        guarded = server(GrpcRouting.builder().service(GrpcServices.guarded(new GrpcHealthService("svc", () -> true))));
        plain = server(GrpcRouting.builder().service(new GrpcHealthService("svc", () -> true)));
    }

    private static WebServer server(GrpcRouting.Builder routing) {
        return WebServer.builder().host("127.0.0.1").port(0).addRouting(routing).build().start();
    }

    @AfterAll
    static void stop() {
        guarded.stop();
        plain.stop();
    }

    private static Status call(WebServer server, String hex, long deadlineSeconds) throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(channel, CHECK,
                    CallOptions.DEFAULT.withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS), HexFormat.of().parseHex(hex)));
            return e.getStatus();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void unparsableRequestsAreInvalidArgumentAtOnce() throws Exception {
        for (String garbage : new String[] {"ffffffff0f", "0a7f41", "0001", "08ff"}) {
            Status status = call(guarded, garbage, 20);
            assertThat(garbage + " → " + status, status.getCode(), is(Status.Code.INVALID_ARGUMENT));
        }
    }

    @Test
    void validRequestsStillWork() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", guarded.port()).usePlaintext().build();
        try {
            var health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
            assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus(), is(HealthCheckResponse.ServingStatus.SERVING));
            StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
                    () -> health.check(HealthCheckRequest.newBuilder().setService("nope").build()));
            assertThat(unknown.getStatus().getCode(), is(Status.Code.NOT_FOUND));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Hostile finding F10/F17: a 100,000-character name once wedged gRPC serving; the answer is short, and the server lives on. */
    @Test
    void hugeNamesGetAShortAnswerAndTheServerKeepsServing() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", guarded.port()).usePlaintext().build();
        try {
            var health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
            StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
                    () -> health.check(HealthCheckRequest.newBuilder().setService("x".repeat(100_000)).build()));
            assertThat(unknown.getStatus().getCode(), is(Status.Code.NOT_FOUND));
            assertThat(unknown.getStatus().getDescription().length() < 600, is(true));
            assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus(), is(HealthCheckResponse.ServingStatus.SERVING));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Why the wrapper exists: registered plainly, the same bytes never get INVALID_ARGUMENT — Helidon leaves the call
     * unanswered until the deadline or, depending on timing, resets it as INTERNAL (both seen on this machine).
     */
    @Test
    void withoutTheGuardHelidonLeavesTheCallUnanswered() throws Exception {
        Status status = call(plain, "ffffffff0f", 2);
        assertThat(status.toString(), status.getCode(), anyOf(is(Status.Code.DEADLINE_EXCEEDED), is(Status.Code.INTERNAL)));
    }
}
