package com.bi.sys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import com.bi.common.testing.ServiceUnderTest;
import com.bi.sys.domain.TenantDirectory;

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

    /** Runs {@code task} {@code n} times at once (virtual threads released together) and returns every answer. */
    public static <T> List<T> race(int n, IntFunction<T> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<T>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            calls.add(() -> {
                start.await();
                return task.apply(index);
            });
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            calls.forEach(call -> futures.add(pool.submit(call)));
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
