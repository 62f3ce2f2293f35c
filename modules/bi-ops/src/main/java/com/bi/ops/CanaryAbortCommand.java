package com.bi.ops;

import java.io.PrintStream;
import java.util.Set;

/** canary-abort: stop a canary at any point — weight 0, the idle track parked, the active track untouched. */
final class CanaryAbortCommand implements Command {
    @Override
    public String name() {
        return "canary-abort";
    }

    @Override
    public String summary() {
        return "stop a canary now: gateway weight 0, idle track parked";
    }

    @Override
    public String usage() {
        return """
                usage: bi-ops canary-abort <env> <service> [--timeout 10m] [--dry-run]

                Sends all API traffic back to the active track (traffic-split weight 0) and parks the idle track
                (0 replicas). The active track is not touched. Use it when a canary run was interrupted.
                """;
    }

    @Override
    public Set<String> options() {
        return OpsContext.OPTIONS_WITH_TIMEOUT;
    }

    @Override
    public int run(Args a, PrintStream out) {
        a.expectPositionals(2, 2);
        OpsContext ctx = OpsContext.of(a.positional(0, "env"), a, out);
        String service = Services.require(a.positional(1, "service"));
        String timeout = OpsContext.timeout(a);
        Cluster cluster = ctx.cluster();
        ServiceSwitch sw = ServiceSwitch.load(ctx, cluster, service);
        sw = sw.withWeight(0).withReplicas(sw.idle(), 0);
        CanaryCommand.apply(ctx, cluster, sw, timeout, "abort: weight 0, idle track " + sw.idle() + " parked, " + sw.active() + " stays active");
        out.println("RESULT aborted service=" + service + " active=" + sw.active());
        return 0;
    }
}
