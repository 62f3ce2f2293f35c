package com.bi.common.error;

/**
 * An error that becomes an RFC 9457 problem with the given status. Domain code throws the subclasses below;
 * the edge turns every one of them into {@code application/problem+json} with the message as {@code detail}.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String title;
    private final String field;
    private long retryAfterSeconds = -1;

    public ApiException(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    public ApiException(int status, String title, String detail, String field) {
        super(detail);
        this.status = status;
        this.title = title;
        this.field = field;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** Asks the client to retry after {@code seconds} (a {@code Retry-After} header on 429 and 503). */
    public ApiException retryAfter(long seconds) {
        this.retryAfterSeconds = Math.max(0, seconds);
        return this;
    }

    /** The {@code Retry-After} in seconds, or -1 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The request field at fault, when there is one (400s). */
    public String field() {
        return field;
    }

    public static ApiException badRequest(String field, String detail) {
        return new ApiException(400, "Bad Request", detail, field);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "Unauthorized", detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "Forbidden", detail);
    }

    public static NotFoundException notFound(String what, Object id) {
        return new NotFoundException(what + " " + id + " not found");
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "Conflict", detail);
    }

    public static ApiException preconditionFailed(String detail) {
        return new ApiException(412, "Precondition Failed", detail);
    }

    public static ApiException preconditionRequired(String detail) {
        return new ApiException(428, "Precondition Required", detail);
    }

    public static ApiException unavailable(String detail) {
        return new ApiException(503, "Service Unavailable", detail);
    }

    /** 404 for a missing row and for a row of another tenant alike, so ids never leak existence. */
    public static final class NotFoundException extends ApiException {
        public NotFoundException(String detail) {
            super(404, "Not Found", detail);
        }
    }
}
