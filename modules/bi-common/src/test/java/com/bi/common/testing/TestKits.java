package com.bi.common.testing;

import java.util.HashMap;
import java.util.Map;

import com.bi.common.config.ConfigLoader;
import com.bi.common.server.Platform;

/** The configuration a test runs a service on: loopback, random ports, the test JWT secret, env "test". */
public final class TestKits {
    private TestKits() {
    }

    public static Map<String, String> defaults() {
        Map<String, String> config = new HashMap<>();
        config.put("deploy.env", "test");
        config.put("server.host", "127.0.0.1");
        config.put("server.port", "0");
        config.put("bi.grpc.port", "0");
        config.put("bi.jwt.secret", TestTokens.SECRET);
        config.put("bi.shutdown.drain.timeout", "10s");
        // no bi-tenant next to a single service under test; the identity tests turn the check on with a real one
        config.put("bi.tenant.status.check", "false");
        return config;
    }

    /** A service's platform resources on the test configuration, with no server (a second replica's database side). */
    public static Platform platform(String service, Map<String, String> overrides) {
        Map<String, String> config = defaults();
        config.putAll(overrides);
        return Platform.create(service, ConfigLoader.load(config, Map.of()));
    }
}
