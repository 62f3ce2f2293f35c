package com.bi.common.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.Option;
import com.bi.common.config.OptionCatalog;
import com.bi.common.config.OptionGroup;
import com.bi.common.testing.TestKits;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The runtime validates the kit's and the service's declared options before wiring: a bad value of a key read only
 * later (the tenant directory's cache bound, a service option read by a worker) stops the start, not the first use.
 */
class RuntimeValidationTest {
    private static final Option<Duration> PROBE_POLL = Option.duration("bi.probe.poll", Duration.ofSeconds(1),
            Duration.ofMillis(10), Duration.ofMinutes(1), "how often the probe polls");

    private static Service probe(AtomicBoolean wired) {
        return new Service() {
            @Override
            public String name() {
                return "bi-probe";
            }

            @Override
            public OptionCatalog options() {
                return OptionCatalog.of("bi-probe", OptionGroup.of("bi-probe", "bi-probe", PROBE_POLL));
            }

            @Override
            public Wiring wire(Platform platform) {
                wired.set(true);
                return Wiring.builder(null).build();
            }
        };
    }

    @Test
    void aBadKitKeyNobodyReadYetStopsTheStart() {
        AtomicBoolean wired = new AtomicBoolean();
        Platform platform = TestKits.platform("bi-probe", Map.of("bi.tenant.status.ttl", "forever"));
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> ServiceRuntime.create(probe(wired), platform));
        assertThat(e.getMessage(), containsString("'bi.tenant.status.ttl'"));
        assertThat("wired despite a bad value", wired.get(), is(false));
    }

    @Test
    void aBadServiceKeyStopsTheStartBeforeWiring() {
        AtomicBoolean wired = new AtomicBoolean();
        Platform platform = TestKits.platform("bi-probe", Map.of("bi.probe.poll", "2h"));
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> ServiceRuntime.create(probe(wired), platform));
        assertThat(e.getMessage(), containsString("'bi.probe.poll'"));
        assertThat("wired despite a bad value", wired.get(), is(false));
    }

    @Test
    void validValuesWire() {
        AtomicBoolean wired = new AtomicBoolean();
        try (ServiceRuntime runtime = ServiceRuntime.create(probe(wired),
                TestKits.platform("bi-probe", Map.of("bi.probe.poll", "5s", "bi.tenant.status.ttl", "30s")))) {
            assertThat(runtime.name(), is("bi-probe"));
        }
        assertThat(wired.get(), is(true));
    }

    @Test
    void aServerThatCannotBindItsPortIsAFailedStartNamingThePort() throws Exception {
        try (java.net.ServerSocket holder = new java.net.ServerSocket(0);
             ServiceRuntime runtime = ServiceRuntime.create(probe(new AtomicBoolean()), TestKits.platform("bi-probe",
                     Map.of("server.port", String.valueOf(holder.getLocalPort()), "bi.grpc.port", "0")))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, runtime::serve);
            assertThat(e.getMessage(), containsString("bi-probe's server did not start: port " + holder.getLocalPort()));
            assertThat(e.getCause() instanceof java.net.BindException, is(true));
            assertThat("not ready", runtime.ready(), is(false));
        }
    }
}
