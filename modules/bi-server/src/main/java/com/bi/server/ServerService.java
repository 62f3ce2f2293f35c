package com.bi.server;

import java.util.Map;

import com.bi.common.server.Catalog;
import com.bi.common.server.Platform;
import com.bi.common.server.Service;
import com.bi.common.server.Wiring;
import com.bi.common.web.Callers;
import com.bi.common.web.JsonBodies;

/** bi-server, declared: user-facing API and web console (also at /). */
public final class ServerService implements Service {
    public static final String NAME = "bi-server";
    /** {@code /api/server/v1/}, from the catalog. */
    public static final String PREFIX = Catalog.of(NAME).apiPrefix();

    @Override
    public String name() {
        return NAME;
    }

    /** One route behind the runtime's edge: a token is required, its tenant scopes everything. */
    @Override
    public Wiring wire(Platform platform) {
        return Wiring.builder(null)
                .http(routing -> routing.get(PREFIX + "hello",
                        (req, res) -> JsonBodies.send(res, Map.of("service", NAME, "tenant", Callers.of(req).tenantId()))))
                .build();
    }
}
