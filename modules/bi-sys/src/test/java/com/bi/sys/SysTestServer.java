package com.bi.sys;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.bi.common.server.ServiceKit;
import com.bi.common.testing.Http;
import com.bi.common.testing.TestKits;
import com.bi.common.tenancy.TenantDirectory;
import com.bi.common.tenancy.TenantInfo;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

/** bi-sys's own routing on a test server with a fresh schema; bi-tenant replaced by an in-memory directory. */
public final class SysTestServer {
    public static final String ADMIN_PASSWORD = "Bootstrap-Test-Pw-42";

    private SysTestServer() {
    }

    /**
     * The kit's tenant directory with bi-tenant's answers held here (code → info; mutable so tests can suspend):
     * the directory's cache is off, so a change shows at once, and the edges use the kit's own guard over it.
     */
    public static final class FakeTenants extends TenantDirectory {
        public final Map<String, TenantInfo> tenants = new ConcurrentHashMap<>();

        public FakeTenants() {
            super(null, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5), Clock.systemUTC(), tenant -> "unused");
        }

        public FakeTenants add(String code, int maxUsers) {
            tenants.put(code, new TenantInfo(code, false, 10, maxUsers, 0, "Asia/Shanghai"));
            return this;
        }

        public void suspend(String code, boolean suspended) {
            tenants.computeIfPresent(code, (c, t) -> new TenantInfo(c, suspended, t.maxShops(), t.maxUsers(),
                    t.apiRatePerMinute(), t.timeZone()));
        }

        @Override
        protected Optional<TenantInfo> load(String code, String bearerToken) {
            return Optional.ofNullable(tenants.get(code));
        }
    }

    public static ServiceKit configure(WebServerConfig.Builder server, FakeTenants tenants, Map<String, String> overrides) {
        return configure(server, tenants, overrides, Clock.systemUTC());
    }

    public static ServiceKit configure(WebServerConfig.Builder server, FakeTenants tenants, Map<String, String> overrides,
                                       Clock clock) {
        Map<String, String> config = new HashMap<>(Map.of(
                "bi.bootstrap.admin.password", ADMIN_PASSWORD,
                "bi.sys.argon2.memory.kib", "1024",
                "bi.sys.argon2.iterations", "1",
                "bi.sys.lockout.attempts", "3",
                "bi.tenant.status.check", "true"));
        // a loaded CI machine must not turn slow database calls inside a slot into 503s (the cap has its own test)
        config.put("bi.sys.argon2.max.wait", "30s");
        config.putAll(overrides);
        ServiceKit kit = TestKits.withDatabase(Main.NAME, config);
        Main.Sys sys = Main.sys(kit, tenants, clock);
        kit.configure(server, routing -> Main.routing(routing, sys), grpc -> Main.grpc(grpc, sys));
        return kit;
    }

    /** A second, hand-started bi-sys (for a test that needs other settings than its class's server); close it. */
    public record Running(ServiceKit kit, WebServer server, Http http) implements AutoCloseable {
        @Override
        public void close() {
            kit.close();
        }
    }

    public static Running start(FakeTenants tenants, Map<String, String> overrides) {
        WebServerConfig.Builder builder = WebServer.builder();
        ServiceKit kit = configure(builder, tenants, overrides);
        WebServer server = builder.build().start();
        kit.attach(server);
        return new Running(kit, server, new Http(URI.create("http://127.0.0.1:" + server.port())));
    }

    /** A clock tests move by hand. */
    public static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        public void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
