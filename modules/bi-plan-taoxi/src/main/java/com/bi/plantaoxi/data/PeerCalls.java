package com.bi.plantaoxi.data;

import java.util.function.Supplier;

import com.bi.common.error.ApiException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** A call to a peer with its gRPC failures as the platform's errors (the peer's name in the message, never a trace). */
final class PeerCalls {
    private PeerCalls() {
    }

    static <T> T call(String peer, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            String why = e.getStatus().getDescription() == null ? code.name() : e.getStatus().getDescription();
            throw switch (code) {
                case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, CANCELLED ->
                        ApiException.unavailable(peer + " did not answer (" + code + "); retry shortly").retryAfter(1);
                case PERMISSION_DENIED -> ApiException.forbidden(peer + " refused the call: " + why);
                case UNAUTHENTICATED -> ApiException.unauthorized(peer + " refused the caller's token: " + why);
                default -> new ApiException(502, "Bad Gateway", peer + " failed the call (" + code + "): " + why);
            };
        }
    }
}
