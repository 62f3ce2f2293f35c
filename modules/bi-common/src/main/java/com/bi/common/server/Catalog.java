package com.bi.common.server;

import java.util.Locale;

/**
 * The platform's services and their ports (unique, so every service runs side by side on one laptop; the chart
 * uses the same numbers). Peers default to {@code localhost:<grpc port>} from here.
 */
public enum Catalog {
    BI_SERVER(8000, 9000, "/api/server/v1/"),
    BI_SYS(8001, 9001, "/api/sys/v1/"),
    BI_TENANT(8002, 9002, "/api/tenant/v1/"),
    BI_BASIC(8003, 9003, "/api/basic/v1/"),
    BI_API_JUSHUITAN(8004, 9004, "/api/jushuitan/v1/"),
    BI_API_LEKE(8005, 9005, "/api/leke/v1/"),
    BI_ANALYSIS(8006, 9006, "/api/analysis/v1/"),
    BI_PLAN_TAOXI(8007, 9007, "/api/plan/v1/"),
    BI_TEMPLATE(8008, 9008, "/api/template/v1/"),
    BI_NOTIFY(8009, 9009, "/api/notify/v1/"),
    BI_CHAT(8010, 9010, "/api/chat/v1/");

    private final int httpPort;
    private final int grpcPort;
    private final String apiPrefix;

    Catalog(int httpPort, int grpcPort, String apiPrefix) {
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
        this.apiPrefix = apiPrefix;
    }

    /** The service's name as used everywhere: {@code bi-basic}, {@code bi-api-leke} … */
    public String serviceName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public int httpPort() {
        return httpPort;
    }

    public int grpcPort() {
        return grpcPort;
    }

    public String apiPrefix() {
        return apiPrefix;
    }

    public static Catalog of(String serviceName) {
        for (Catalog service : values()) {
            if (service.serviceName().equals(serviceName)) {
                return service;
            }
        }
        throw new IllegalArgumentException("not a service of the catalog: " + serviceName);
    }
}
