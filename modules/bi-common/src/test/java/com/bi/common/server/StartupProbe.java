package com.bi.common.server;

import com.bi.common.security.Caller;

/**
 * A minimal service on the kit for start-up tests in a child JVM: it wires what services wire at start (service
 * tokens) and serves; with {@code PROBE_STOP=1} it checks its own service token, prints {@code probe-ok} and stops.
 */
public final class StartupProbe {
    private StartupProbe() {
    }

    public static void main(String[] args) {
        ServiceKit.launch("bi-probe", kit -> {
            String token = kit.serviceTokens().token("tenant-probe");
            var server = kit.serve(routing -> { }, grpc -> { });
            if ("1".equals(System.getenv("PROBE_STOP"))) {
                Caller caller = kit.verifier().verify(token);
                System.out.println("probe-ok " + caller.tenantId() + " " + caller.userId());
                System.out.flush();
                kit.close();
                System.exit(0);
            }
            return server;
        });
    }
}
