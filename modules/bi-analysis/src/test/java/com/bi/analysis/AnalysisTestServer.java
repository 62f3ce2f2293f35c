package com.bi.analysis;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.TestTokens;
import com.bi.proto.analysis.v1.AnalysisServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;

/** bi-analysis from its own declaration with its rollup worker, on a fresh schema; gRPC stubs with a tenant's token. */
public final class AnalysisTestServer {
    private AnalysisTestServer() {
    }

    /** The service with {@code overrides} on a fresh schema (unless they name one), its workers running; not started. */
    public static ServiceUnderTest service(Map<String, String> overrides) {
        return ServiceUnderTest.of(new AnalysisService()).withDatabase().config(overrides).withWorkers();
    }

    /** Polls a rollup job until it is DONE (or fails the test when it FAILED or took longer than a minute). */
    public static com.fasterxml.jackson.databind.JsonNode awaitJob(com.bi.common.testing.Http http, String bearer, long id) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (true) {
            com.bi.common.testing.Http.Response r = http.get("/api/analysis/v1/rollups/jobs/" + id, bearer);
            if (r.status() != 200) {
                throw new AssertionError("job " + id + ": " + r);
            }
            String status = r.json().get("status").asText();
            if (status.equals("DONE")) {
                return r.json();
            }
            if (status.equals("FAILED") || System.nanoTime() > deadline) {
                throw new AssertionError("job " + id + ": " + r);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    public static ManagedChannel channel(int grpcPort) {
        return NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    }

    public static AnalysisServiceGrpc.AnalysisServiceBlockingStub stub(ManagedChannel channel, String tenant, String... roles) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + TestTokens.ISSUER.token(tenant, "svc", List.of(roles), java.time.Duration.ofMinutes(10)));
        return AnalysisServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(60, TimeUnit.SECONDS);
    }
}
