package com.bi.common.testing;

import java.util.HashMap;
import java.util.Map;

import com.bi.common.config.ConfigLoader;
import com.bi.common.server.ServiceKit;

/** A service kit as a test wants it: loopback, random ports, the test JWT secret, env "test". */
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

    public static ServiceKit create(String service, Map<String, String> overrides) {
        Map<String, String> config = defaults();
        config.putAll(overrides);
        return ServiceKit.create(service, ConfigLoader.load(config, Map.of()));
    }

    /** A kit whose config also has the remote layer (Nacos) when a provider on the classpath is enabled by it. */
    public static ServiceKit createWithRemote(String service, Map<String, String> overrides) {
        Map<String, String> config = defaults();
        config.putAll(overrides);
        return ServiceKit.create(service, ConfigLoader.load(service, config, Map.of()));
    }

    /** A kit with its own schema in the test PostgreSQL. */
    public static ServiceKit withDatabase(String service, Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>(TestDatabase.config(service.replaceFirst("^bi-", "").replace('-', '_')));
        config.putAll(overrides);
        return create(service, config);
    }
}
