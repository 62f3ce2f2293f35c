package com.bi.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Set;

/** rollback: helm rollback to a revision (default: the one before the current), waiting, then an audit entry. */
final class RollbackCommand implements Command {
    @Override
    public String name() {
        return "rollback";
    }

    @Override
    public String summary() {
        return "helm rollback to a revision (default the previous one), wait, audit entry";
    }

    @Override
    public String usage() {
        return """
                usage: bi-ops rollback <env> [revision] [--timeout 10m]

                Rolls the release back to <revision> (default: the newest revision before the current one, from
                helm history), waiting for the rollout; images, config and gateway routes go back together. Then an
                audit entry as for deploy. Secrets made outside the chart and database migrations do not go back.
                The state overlays (<state>/<env>/*.yaml) are not changed: revert them in git too, or the next
                deploy brings the newer build back.
                """;
    }

    @Override
    public Set<String> options() {
        return OpsContext.OPTIONS_WITH_TIMEOUT;
    }

    /** The newest revision before the current one, from helm history's JSON (oldest first). */
    static int previousRevision(String historyJson) {
        try {
            JsonNode h = new ObjectMapper().readTree(historyJson);
            if (h.size() < 2) {
                throw OpsException.failed("the release has " + h.size() + " revision(s): nothing to roll back to");
            }
            return h.get(h.size() - 2).path("revision").asInt();
        } catch (IOException e) {
            throw OpsException.failed("helm history did not answer JSON");
        }
    }

    @Override
    public int run(Args a, PrintStream out) {
        a.expectPositionals(1, 2);
        OpsContext ctx = OpsContext.of(a.positional(0, "env"), a, out);
        String timeout = OpsContext.timeout(a);
        Cluster cluster = ctx.cluster();
        int revision;
        if (a.positionals().size() == 2) {
            String r = a.positionals().get(1);
            if (!r.matches("[1-9][0-9]{0,6}")) {
                throw OpsException.usage("revision '" + r + "' is not a positive number");
            }
            revision = Integer.parseInt(r);
        } else {
            Proc.Result h = cluster.helmRead("history", ctx.release(), "--max", "10", "--output", "json");
            if (!h.ok()) {
                throw OpsException.failed("helm history failed: " + Proc.tail(h.err()));
            }
            revision = previousRevision(h.out());
        }
        out.println("==> roll " + ctx.release() + " in " + ctx.namespace() + " back to revision " + revision);
        cluster.helmWrite(java.util.List.of("rollback", ctx.release(), String.valueOf(revision), "--wait", "--timeout", timeout));
        DeployCommand.audit(ctx, cluster, "rollback", null);
        out.println("NOTE the state overlays in " + ctx.stateDir() + " still describe the newer build: revert them in git before the next deploy");
        return 0;
    }
}
