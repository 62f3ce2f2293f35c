package com.bi.sys;

import com.bi.common.server.ServiceRuntime;

/** bi-sys: users and roles, login → JWT, refresh, API keys, audit log. HTTP 8001, gRPC 9001. */
public final class Main {
    public static final String NAME = SysService.NAME;

    private Main() {
    }

    public static void main(String[] args) {
        ServiceRuntime.run(new SysService());
    }
}
