package com.bi.sys;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.bi.common.server.ServiceKit;
import com.bi.common.testing.TestKits;
import com.bi.sys.domain.TenantDirectory;
import io.helidon.webserver.WebServerConfig;

/** bi-sys's own routing on a test server with a fresh schema; bi-tenant replaced by an in-memory directory. */
public final class SysTestServer {
    public static final String ADMIN_PASSWORD = "Bootstrap-Test-Pw-42";

    private SysTestServer() {
    }

    /** Tenants as bi-tenant would answer: code → info; mutable so tests can suspend. */
    public static final class FakeTenants implements TenantDirectory {
        public final Map<String, TenantInfo> tenants = new ConcurrentHashMap<>();

        public FakeTenants add(String code, int maxUsers) {
            tenants.put(code, new TenantInfo(code, false, maxUsers));
            return this;
        }

        public void suspend(String code, boolean suspended) {
            tenants.computeIfPresent(code, (c, t) -> new TenantInfo(c, suspended, t.maxUsers()));
        }

        @Override
        public Optional<TenantInfo> find(String code) {
            return Optional.ofNullable(tenants.get(code));
        }
    }

    public static ServiceKit configure(WebServerConfig.Builder server, FakeTenants tenants, Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>(Map.of(
                "bi.bootstrap.admin.password", ADMIN_PASSWORD,
                "bi.sys.argon2.memory.kib", "1024",
                "bi.sys.argon2.iterations", "1",
                "bi.sys.lockout.attempts", "3",
                "bi.tenant.status.check", "true"));
        config.putAll(overrides);
        ServiceKit kit = TestKits.withDatabase(Main.NAME, config);
        Main.Sys sys = Main.sys(kit, tenants);
        kit.configure(server, routing -> Main.routing(routing, sys), grpc -> Main.grpc(grpc, sys));
        return kit;
    }
}
