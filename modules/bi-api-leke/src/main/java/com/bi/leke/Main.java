package com.bi.leke;

import com.bi.common.server.ServiceRuntime;

/** bi-api-leke: signed webhooks into a durable inbox, processed into order events. HTTP 8005, gRPC 9005. */
public final class Main {
    public static final String NAME = LekeService.NAME;

    private Main() {
    }

    public static void main(String[] args) {
        ServiceRuntime.run(new LekeService());
    }
}
