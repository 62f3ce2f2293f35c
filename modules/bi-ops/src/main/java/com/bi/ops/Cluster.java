package com.bi.ops;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The only place that talks to a Kubernetes cluster (kubectl, and helm commands that reach the API server).
 * Reads run even under --dry-run (they change nothing and the plan depends on them); writes are printed and,
 * under --dry-run, not run. Every call is printed with the exact command line so the output is the audit trail.
 * Tests put a recording helm/kubectl on PATH (or BI_OPS_HELM / BI_OPS_KUBECTL) at this boundary.
 */
public final class Cluster {
    private final String context;
    private final String namespace;
    private final boolean dryRun;
    private final PrintStream out;

    public Cluster(String context, String namespace, boolean dryRun, PrintStream out) {
        this.context = context;
        this.namespace = namespace;
        this.dryRun = dryRun;
        this.out = out;
    }

    public String namespace() {
        return namespace;
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** kubectl with the context and namespace; a read. */
    public Proc.Result kubectlRead(String... args) {
        return exec(kubectl(List.of(args)), false, true);
    }

    /** kubectl with the context and namespace; a change. */
    public void kubectlWrite(String... args) {
        exec(kubectl(List.of(args)), true, false);
    }

    /** kubectl with the context and namespace; a change whose outcome the caller judges (e.g. a probe pod's exit). */
    public Proc.Result kubectlRun(String... args) {
        return exec(kubectl(List.of(args)), true, true);
    }

    /** helm with the context and namespace; a read (get, history, status). */
    public Proc.Result helmRead(String... args) {
        return exec(helm(List.of(args)), false, true);
    }

    /** helm with the context and namespace; a change (upgrade, rollback). */
    public void helmWrite(List<String> args) {
        exec(helm(args), true, false);
    }

    /** A change whose failure is fine when stderr says {@code benign} (e.g. waiting for pods that are already gone). */
    public void kubectlWriteTolerating(String benign, String... args) {
        List<String> cmd = kubectl(List.of(args));
        if (dryRun) {
            exec(cmd, true, false);
            return;
        }
        Proc.Result r = exec(cmd, true, true);
        if (!r.ok() && !r.err().contains(benign)) {
            throw OpsException.failed(cmd.getFirst() + " failed (exit " + r.exit() + "): " + Proc.tail(r.err()));
        }
    }

    private List<String> kubectl(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Proc.tool("kubectl"));
        if (context != null) {
            cmd.add("--context=" + context);
        }
        cmd.add("--namespace=" + namespace);
        cmd.addAll(args);
        return cmd;
    }

    private List<String> helm(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Proc.tool("helm"));
        cmd.addAll(args);
        if (context != null) {
            cmd.add("--kube-context=" + context);
        }
        cmd.add("--namespace=" + namespace);
        return cmd;
    }

    private Proc.Result exec(List<String> cmd, boolean write, boolean tolerateFailure) {
        String line = Proc.shellQuote(cmd);
        if (write && dryRun) {
            out.println("DRY-RUN would run: " + line);
            return new Proc.Result(0, "", "");
        }
        out.println((write ? "RUN " : "READ ") + line);
        Proc.Result r = Proc.run(cmd, Map.of(), null);
        if (!r.ok() && !tolerateFailure) {
            throw OpsException.failed(cmd.getFirst() + " failed (exit " + r.exit() + "): " + Proc.tail(r.err()));
        }
        return r;
    }
}
