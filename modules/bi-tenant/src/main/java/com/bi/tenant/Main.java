package com.bi.tenant;

import com.bi.common.server.ServiceRuntime;

/** bi-tenant: tenants, plans and quotas, suspend/resume; {@code GetTenant} over gRPC. HTTP 8002, gRPC 9002. */
public final class Main {
    public static final String NAME = TenantService.NAME;

    private Main() {
    }

    public static void main(String[] args) {
        ServiceRuntime.run(new TenantService());
    }
}
