package com.bi.charts;

import java.util.List;

/** The service catalog of DESIGN.md: the chart must match it. */
record Catalog(String name, int http, int grpc, String prefix) {
    static final List<Catalog> SERVICES = List.of(
            new Catalog("bi-server", 8000, 9000, "/api/server/v1/"),
            new Catalog("bi-sys", 8001, 9001, "/api/sys/v1/"),
            new Catalog("bi-tenant", 8002, 9002, "/api/tenant/v1/"),
            new Catalog("bi-basic", 8003, 9003, "/api/basic/v1/"),
            new Catalog("bi-api-jushuitan", 8004, 9004, "/api/jushuitan/v1/"),
            new Catalog("bi-api-leke", 8005, 9005, "/api/leke/v1/"),
            new Catalog("bi-analysis", 8006, 9006, "/api/analysis/v1/"),
            new Catalog("bi-plan-taoxi", 8007, 9007, "/api/plan/v1/"),
            new Catalog("bi-template", 8008, 9008, "/api/template/v1/"),
            new Catalog("bi-notify", 8009, 9009, "/api/notify/v1/"),
            new Catalog("bi-chat", 8010, 9010, "/api/chat/v1/"));
    static final List<String> CRON_JOBS = List.of("sync-jushuitan", "rollup", "plan-alerts", "daily-report", "nacos-backup", "retention");
}
