package com.bi.ops;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Local helm calls that never reach a cluster (version, template). */
public final class Helm {
    private static volatile String atomicFlag;

    private Helm() {
    }

    /** Helm 4 renamed --atomic to --rollback-on-failure; use whichever the installed helm has. */
    public static String atomicFlag() {
        String flag = atomicFlag;
        if (flag == null) {
            Proc.Result r = Proc.run(List.of(Proc.tool("helm"), "version", "--short"));
            flag = r.ok() && r.out().strip().startsWith("v3") ? "--atomic" : "--rollback-on-failure";
            atomicFlag = flag;
        }
        return flag;
    }

    /** helm template of the release with the context's values files (plus extra args), offline. */
    public static String template(OpsContext ctx, List<String> extra) {
        List<String> cmd = new ArrayList<>(List.of(Proc.tool("helm"), "template", ctx.release(), ctx.chart().toString(),
                "--namespace", ctx.namespace()));
        for (Path f : ctx.valuesFiles()) {
            cmd.add("-f");
            cmd.add(f.toString());
        }
        cmd.addAll(extra);
        Proc.Result r = Proc.run(cmd);
        if (!r.ok()) {
            throw OpsException.failed("helm template failed: " + Proc.tail(r.err()));
        }
        return r.out();
    }
}
