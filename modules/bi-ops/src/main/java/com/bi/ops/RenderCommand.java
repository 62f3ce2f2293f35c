package com.bi.ops;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * render: the release as plain manifests for kubectl/GitOps users (the seeds' envsubst + kubectl apply path),
 * from the same chart and values files a deploy uses, in apply order, without Helm's hooks, secret values as
 * envsubst references.
 */
final class RenderCommand implements Command {
    @Override
    public String name() {
        return "render";
    }

    @Override
    public String summary() {
        return "plain manifests for kubectl/GitOps: ConfigMaps/Secrets first, secret values as envsubst references";
    }

    @Override
    public String usage() {
        return """
                usage: bi-ops render <env> [--out FILE] [--image-tag TAG] [--api-versions monitoring.coreos.com/v1]

                Runs helm template with the env values, the gateway overlay and the state overlays (exactly what
                deploy installs), drops Helm hooks (test pods), orders the objects ConfigMaps and Secrets first, then
                Helm's install order, and replaces every Secret value with a ${BI_SECRET_<SECRET>_<KEY>} reference.
                The header names the variables; apply with envsubst limited to them (APISIX's nginx variables such
                as $remote_addr must stay):
                  envsubst '$BI_SECRET_…' < prod.yaml | kubectl apply -f -
                Prints to stdout unless --out is given. Local only: no cluster is contacted.

                options:
                  --out FILE            write the manifests there
                  --image-tag TAG       global.imageTag when no state overlay pins images yet
                  --api-versions LIST   extra API versions for capability checks (comma-separated), e.g.
                                        monitoring.coreos.com/v1 to render ServiceMonitors and PrometheusRules
                """;
    }

    @Override
    public Set<String> options() {
        Set<String> o = new HashSet<>(OpsContext.OPTIONS);
        o.addAll(Set.of("out", "image-tag", "api-versions"));
        return o;
    }

    record Rendered(String text, List<Manifests.K8sObject> objects, List<String> secretVariables, int hooksDropped) {
    }

    static Rendered render(OpsContext ctx, String imageTag, String apiVersions) {
        List<String> extra = new ArrayList<>();
        if (imageTag != null) {
            ImageRef.parse(imageTag);
            extra.addAll(List.of("--set", "global.imageTag=" + imageTag));
        }
        if (apiVersions != null) {
            for (String v : apiVersions.split(",")) {
                if (!v.strip().matches("[A-Za-z0-9.-]+(/[A-Za-z0-9.-]+)?(/[A-Za-z]+)?")) {
                    throw OpsException.usage("--api-versions: '" + v + "' is not an API version");
                }
                extra.addAll(List.of("--api-versions", v.strip()));
            }
        }
        List<Manifests.K8sObject> all = Manifests.parse(Helm.template(ctx, extra), ctx.namespace());
        List<Manifests.K8sObject> kept = new ArrayList<>();
        int hooks = 0;
        for (Manifests.K8sObject o : all) {
            if (Manifests.isHook(o)) {
                hooks++;
            } else {
                kept.add(o);
            }
        }
        List<String> vars = new ArrayList<>();
        for (Manifests.K8sObject o : kept) {
            if (o.kind().equals("Secret")) {
                vars.addAll(Manifests.referenceSecretValues(o));
            }
        }
        List<Manifests.K8sObject> ordered = Manifests.ordered(kept);
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(ctx.release()).append(" in ").append(ctx.env()).append(" (namespace ").append(ctx.namespace())
                .append("), rendered by scripts/bi-ops render: ").append(ordered.size()).append(" objects, values digest ")
                .append(Audit.valuesDigest(ctx)).append('\n');
        if (vars.isEmpty()) {
            sb.append("# No Secret is rendered here: the Secrets are created beforehand (see docs/operations.md). Apply:\n")
                    .append("#   kubectl apply -f <this file>\n");
        } else {
            sb.append("# Secret values are references; substitute only them from your vault when applying:\n")
                    .append("#   envsubst '").append(String.join(" ", vars.stream().map(v -> "$" + v).toList()))
                    .append("' < <this file> | kubectl apply -f -\n");
        }
        for (Manifests.K8sObject o : ordered) {
            sb.append("---\n").append(Manifests.dump(o));
        }
        return new Rendered(sb.toString(), ordered, vars, hooks);
    }

    @Override
    public int run(Args a, PrintStream out) {
        a.expectPositionals(1, 1);
        OpsContext ctx = OpsContext.of(a.positional(0, "env"), a, out);
        Rendered r = render(ctx, a.option("image-tag"), a.option("api-versions"));
        String file = a.option("out");
        if (file == null) {
            out.print(r.text());
        } else {
            try {
                Path p = Path.of(file);
                if (p.getParent() != null) {
                    Files.createDirectories(p.getParent());
                }
                Files.writeString(p, r.text());
            } catch (IOException e) {
                throw OpsException.failed("cannot write " + file + ": " + e.getMessage());
            }
            System.err.printf("rendered %d objects (%d Helm hooks left out, %d secret references) to %s%n",
                    r.objects().size(), r.hooksDropped(), r.secretVariables().size(), file);
        }
        return 0;
    }
}
