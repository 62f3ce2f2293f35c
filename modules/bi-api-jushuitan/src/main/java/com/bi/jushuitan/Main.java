package com.bi.jushuitan;

import com.bi.common.server.ServiceRuntime;

/** bi-api-jushuitan: pulls orders from the Jushuitan open API into order events. HTTP 8004, gRPC 9004. */
public final class Main {
    public static final String NAME = JushuitanService.NAME;

    private Main() {
    }

    public static void main(String[] args) {
        ServiceRuntime.run(new JushuitanService());
    }
}
