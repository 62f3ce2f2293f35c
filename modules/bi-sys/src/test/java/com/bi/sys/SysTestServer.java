package com.bi.sys;

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

import com.bi.common.tenancy.TenantDirectory;
import com.bi.common.tenancy.TenantInfo;
import com.bi.common.testing.ServiceUnderTest;

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

    /** bi-sys from its own declaration, on a fresh schema, with {@code tenants} in place of bi-tenant; not started. */
    public static ServiceUnderTest service(FakeTenants tenants, Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>(Map.of(
                "bi.bootstrap.admin.password", ADMIN_PASSWORD,
                "bi.sys.argon2.memory.kib", "1024",
                "bi.sys.argon2.iterations", "1",
                "bi.sys.lockout.attempts", "3",
                "bi.tenant.status.check", "true"));
        // a loaded CI machine must not turn slow database calls inside a slot into 503s (the cap has its own test)
        config.put("bi.sys.argon2.max.wait", "30s");
        config.putAll(overrides);
        return ServiceUnderTest.of(new SysService(tenants)).withDatabase().config(config);
    }

    /** A second, hand-started bi-sys (for a test that needs other settings than its class's server); close it. */
    public static ServiceUnderTest start(FakeTenants tenants, Map<String, String> overrides) {
        return service(tenants, overrides).start();
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
