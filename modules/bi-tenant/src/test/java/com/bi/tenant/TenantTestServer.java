package com.bi.tenant;

import java.util.Map;

import com.bi.common.server.ServiceKit;
import com.bi.common.testing.TestKits;
import com.bi.tenant.domain.Tenants;
import io.helidon.webserver.WebServerConfig;

/** Puts bi-tenant's own routing ({@link Main#routing}, {@link Main#grpc}) on a test server with a fresh schema. */
public final class TenantTestServer {
    private TenantTestServer() {
    }

    public static ServiceKit configure(WebServerConfig.Builder server, Map<String, String> overrides) {
        ServiceKit kit = TestKits.withDatabase(Main.NAME, overrides);
        Tenants tenants = Main.tenants(kit);
        kit.configure(server, routing -> Main.routing(routing, tenants), grpc -> Main.grpc(grpc, tenants));
        return kit;
    }
}
