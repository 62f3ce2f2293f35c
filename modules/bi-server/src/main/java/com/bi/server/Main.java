package com.bi.server;

import com.bi.common.server.ServiceRuntime;

/** bi-server: user-facing API and web console (also at /). Its ports and API prefix are its line in the service catalog. */
public final class Main {
    public static final String NAME = ServerService.NAME;

    private Main() {
    }

    public static void main(String[] args) {
        ServiceRuntime.run(new ServerService());
    }
}
