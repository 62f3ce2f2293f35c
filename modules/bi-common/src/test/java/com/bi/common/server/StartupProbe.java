package com.bi.common.server;

import com.bi.common.security.Caller;

/**
 * A minimal service on the runtime for start-up tests in a child JVM: it wires what services wire at start (service
 * tokens) and serves; with {@code PROBE_STOP=1} it checks its own service token, prints {@code probe-ok} and stops.
 */
public final class StartupProbe {
    private StartupProbe() {
    }

    public static void main(String[] args) {
        ServiceRuntime runtime = ServiceRuntime.run(Service.of("bi-probe", platform -> {
            platform.serviceTokens(); // a bad bi.jwt.* value stops the start, as it does for a connector
            return Wiring.builder(null).build();
        }));
        if ("1".equals(System.getenv("PROBE_STOP"))) {
            String token = runtime.platform().serviceTokens().token("tenant-probe");
            Caller caller = runtime.platform().verifier().verify(token);
            System.out.println("probe-ok " + caller.tenantId() + " " + caller.userId());
            System.out.flush();
            runtime.close();
            System.exit(0);
        }
    }
}
