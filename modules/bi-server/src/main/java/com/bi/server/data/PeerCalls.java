package com.bi.server.data;

import java.util.function.Supplier;

import com.bi.common.error.ApiException;
import com.bi.server.domain.PeerUnavailableException;
import io.grpc.StatusRuntimeException;

/** A gRPC call's failure in the terms of the dashboard: the peer is unavailable, or it refused the question. */
final class PeerCalls {
    private PeerCalls() {
    }

    static <T> T call(String peer, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            String description = e.getStatus().getDescription() == null ? e.getStatus().getCode().name() : e.getStatus().getDescription();
            throw switch (e.getStatus().getCode()) {
                case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, UNKNOWN, INTERNAL, RESOURCE_EXHAUSTED, UNIMPLEMENTED ->
                        new PeerUnavailableException(peer, e.getStatus().getCode().name(), e);
                case INVALID_ARGUMENT, OUT_OF_RANGE, FAILED_PRECONDITION -> ApiException.badRequest(null, description);
                case NOT_FOUND -> ApiException.notFound(peer, description);
                case PERMISSION_DENIED -> ApiException.forbidden(description);
                case UNAUTHENTICATED -> ApiException.unauthorized(description);
                default -> new PeerUnavailableException(peer, e.getStatus().getCode().name(), e);
            };
        }
    }
}
