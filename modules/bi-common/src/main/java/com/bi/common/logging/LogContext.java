package com.bi.common.logging;

/**
 * What a log line carries besides its message: the process-wide service and env, and the current request's
 * trace id, request id and tenant id. The request part is bound to the handling (virtual) thread by the edge
 * filter and cleared when the request ends. In a process hosting several services (the launcher) the service is
 * the one whose thread logs: {@link #serviceOfThisThread} marks the thread that starts a service, and every thread it
 * starts from then on (its server's, its workers', its clients') inherits the mark.
 */
public final class LogContext {
    private static volatile String service = "unknown";
    private static volatile String env = "dev";
    private static final ThreadLocal<Request> CURRENT = new ThreadLocal<>();
    private static final InheritableThreadLocal<String> HOSTED_SERVICE = new InheritableThreadLocal<>();

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

    /** The service of the calling thread: its hosted service's name when it has one, else the process's. */
    public static String service() {
        String hosted = hostedService();
        return hosted != null ? hosted : service;
    }

    /** The hosted service the calling thread works for, or null in a process running one service. */
    public static String hostedService() {
        return HOSTED_SERVICE.get();
    }

    /**
     * In a process hosting several services: the calling thread, and every thread it starts from now on, logs as
     * {@code serviceName} ({@code null} removes the mark).
     */
    public static void serviceOfThisThread(String serviceName) {
        if (serviceName == null) {
            HOSTED_SERVICE.remove();
        } else {
            HOSTED_SERVICE.set(serviceName);
        }
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
