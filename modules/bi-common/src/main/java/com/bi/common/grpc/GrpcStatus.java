package com.bi.common.grpc;

import com.bi.common.error.ApiException;
import io.grpc.Status;

/** The platform's errors as gRPC status codes (400→INVALID_ARGUMENT, 404→NOT_FOUND, 503→UNAVAILABLE …). */
public final class GrpcStatus {
    static final int MAX_DESCRIPTION = 512;

    private GrpcStatus() {
    }

    public static Status of(ApiException e) {
        Status status = switch (e.status()) {
            case 400, 415, 422 -> Status.INVALID_ARGUMENT;
            case 401 -> Status.UNAUTHENTICATED;
            case 403 -> Status.PERMISSION_DENIED;
            case 404 -> Status.NOT_FOUND;
            case 409 -> Status.ALREADY_EXISTS;
            case 412, 428 -> Status.FAILED_PRECONDITION;
            case 429 -> Status.RESOURCE_EXHAUSTED;
            case 503 -> Status.UNAVAILABLE;
            default -> Status.INTERNAL;
        };
        return status.withDescription(description(e.getMessage()));
    }

    /**
     * The description travels in the trailers (HTTP/2 headers): one echoing a 100 KB input overflowed the header
     * list, Helidon dropped the stream and the caller waited for its deadline. Kept short and on one line.
     */
    static String description(String message) {
        if (message == null) {
            return null;
        }
        String line = message.replaceAll("\\p{Cntrl}", " ");
        return line.length() <= MAX_DESCRIPTION ? line : line.substring(0, MAX_DESCRIPTION) + "…";
    }
}
