package com.bi.ops;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;

final class PreflightCommand implements Command {
    @Override
    public String name() {
        return "preflight";
    }

    @Override
    public String summary() {
        return "the pre-deploy checklist: render+schema, pinned images, gateway routes, context, namespace, Secret keys, Nacos";
    }

    @Override
    public String usage() {
        return """
                usage: bi-ops preflight <env> [--context NAME] [--image-tag TAG] [--skip-nacos]

                Runs every check and prints each with PASS, WARN or FAIL; exits 1 when any failed.
                  values render and pass the schema   helm template with the env values, gateway overlay, state overlays
                  images                              prod: every image pinned by digest (resolve tags with crane/skopeo)
                  gateway routes                      every route's upstream exists, every upstream node is a rendered Service port
                  kube context                        the one given (prod requires --context or BI_OPS_KUBE_CONTEXT)
                  namespace                           exists
                  secret <name>                       every key the pods reference is present (key names only, values never read)
                  nacos data ids                      config/nacos/<env> equals Nacos (scripts/nacos-drift.sh; NACOS_* env)
                Only reads: nothing is changed, with or without --dry-run.
                """;
    }

    @Override
    public Set<String> options() {
        Set<String> o = new HashSet<>(OpsContext.OPTIONS);
        o.add("image-tag");
        return o;
    }

    @Override
    public Set<String> flags() {
        return Set.of("skip-nacos");
    }

    @Override
    public int run(Args a, PrintStream out) {
        a.expectPositionals(1, 1);
        OpsContext ctx = OpsContext.of(a.positional(0, "env"), a, out);
        boolean ok = Preflight.report(Preflight.run(ctx, ctx.cluster(), a.option("image-tag"), a.flag("skip-nacos")), out);
        return ok ? 0 : OpsException.FAILED;
    }
}
