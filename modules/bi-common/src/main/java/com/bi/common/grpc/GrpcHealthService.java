package com.bi.common.grpc;

import java.util.function.BooleanSupplier;

import com.bi.proto.health.v1.HealthCheckRequest;
import com.bi.proto.health.v1.HealthCheckResponse;
import com.bi.proto.health.v1.HealthCheckResponse.ServingStatus;
import com.bi.proto.health.v1.HealthGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * {@code grpc.health.v1.Health} answering with the service's readiness: SERVING while ready, NOT_SERVING while
 * starting, draining or without its database. Known names: "" (the server) and the service's own name.
 */
public final class GrpcHealthService extends HealthGrpc.HealthImplBase {
    private final String serviceName;
    private final BooleanSupplier ready;

    public GrpcHealthService(String serviceName, BooleanSupplier ready) {
        this.serviceName = serviceName;
        this.ready = ready;
    }

    @Override
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
        String name = request.getService();
        if (!name.isEmpty() && !name.equals(serviceName)) {
            // never echo what the caller sent: the name is unbounded and needs no token
            response.onError(Status.NOT_FOUND.withDescription("unknown service name").asRuntimeException());
            return;
        }
        response.onNext(HealthCheckResponse.newBuilder()
                .setStatus(ready.getAsBoolean() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING)
                .build());
        response.onCompleted();
    }

    @Override
    public void watch(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
        // a one-shot answer: probes use Check; Watch callers re-subscribe
        check(request, response);
    }
}
