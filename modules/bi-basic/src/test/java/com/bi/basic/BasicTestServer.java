package com.bi.basic;

import java.util.Map;

import com.bi.basic.domain.MasterData;
import com.bi.common.server.ServiceKit;
import com.bi.common.testing.TestKits;
import io.helidon.webserver.WebServerConfig;

/** Puts bi-basic's own routing ({@link Main#routing}, {@link Main#grpc}) on a test server with a fresh schema. */
final class BasicTestServer {
    private BasicTestServer() {
    }

    static ServiceKit configure(WebServerConfig.Builder server, Map<String, String> overrides) {
        ServiceKit kit = TestKits.withDatabase(Main.NAME, overrides);
        MasterData data = Main.masterData(kit);
        kit.configure(server, routing -> Main.routing(routing, data), grpc -> Main.grpc(grpc, data));
        return kit;
    }
}
