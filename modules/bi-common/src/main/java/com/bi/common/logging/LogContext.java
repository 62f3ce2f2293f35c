package com.bi.common.logging;

/**
 * What a log line carries besides its message: the process-wide service and env, and the current request's
 * trace id, request id and tenant id. The request part is bound to the handling (virtual) thread by the edge
 * filter and cleared when the request ends.
 */
public final class LogContext {
    private static volatile String service = "unknown";
    private static volatile String env = "dev";
    private static final ThreadLocal<Request> CURRENT = new ThreadLocal<>();

    private LogContext() {
    }

    public record Request(String requestId, String traceId, String spanId, String tenantId) {
        public Request withTenant(String tenant) {
            return new Request(requestId, traceId, spanId, tenant);
        }
    }

    public static void init(String serviceName, String envName) {
        service = serviceName;
        env = envName;
    }

    public static String service() {
        return service;
    }

    public static String env() {
        return env;
    }

    public static Request current() {
        return CURRENT.get();
    }

    public static void bind(Request request) {
        if (request == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(request);
        }
    }

    public static void tenant(String tenantId) {
        Request request = CURRENT.get();
        if (request != null) {
            CURRENT.set(request.withTenant(tenantId));
        }
    }
}
