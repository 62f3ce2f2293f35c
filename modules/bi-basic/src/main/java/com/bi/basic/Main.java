package com.bi.basic;

import com.bi.common.server.ServiceRuntime;

/** bi-basic: master data (shops, products/SKUs, categories, dictionaries). HTTP 8003, gRPC 9003. */
public final class Main {
    public static final String NAME = BasicService.NAME;

    private Main() {
    }

    public static void main(String[] args) {
        ServiceRuntime.run(new BasicService());
    }
}
