package com.bi.ops;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * diff: rendered manifests compared object by object (apiVersion, kind, namespace, name) between two sources —
 * two Helm revisions, the live release, a fresh render, or a rendered file git holds — with a line diff of each
 * changed object. Drift is any difference between what git holds and what runs.
 */
final class DiffCommand implements Command {
    @Override
    public String name() {
        return "diff";
    }

    @Override
    public String summary() {
        return "compare manifests: Helm revisions, live release, a fresh render or what git holds (drift)";
    }

    @Override
    public String usage() {
        return """
                usage: bi-ops diff <env> [--from SOURCE] [--to SOURCE] [--exit-code]

                Compares two sets of manifests object by object and prints the changed lines of each object, then
                a summary. SOURCE is one of:
                  live              the release's current manifests (helm get manifest)       [cluster read]
                  rev:N             the manifests of Helm revision N                            [cluster read]
                  render            a fresh render of the working tree (as bi-ops render)
                  git:REF:PATH      a rendered file as git holds it at REF (e.g. git:main:deploy/prod.yaml)
                  file:PATH         a rendered file
                Default: --from live --to render (what the next deploy would change). Drift check for GitOps:
                  bi-ops diff prod --from git:main:deploy/prod.yaml --to live --exit-code
                Helm hooks are left out on both sides; Secret values are compared as references, never printed.

                options:
                  --exit-code            exit 1 when there are differences (like git diff --exit-code)
                  --image-tag TAG        for render: global.imageTag when no state overlay pins images
                  --api-versions LIST    for render: extra API versions (comma-separated)
                """;
    }

    @Override
    public Set<String> options() {
        Set<String> o = new HashSet<>(OpsContext.OPTIONS);
        o.addAll(Set.of("from", "to", "image-tag", "api-versions"));
        return o;
    }

    @Override
    public Set<String> flags() {
        return Set.of("exit-code");
    }

    List<Manifests.K8sObject> load(OpsContext ctx, Args a, String source) {
        String text;
        if (source.equals("render")) {
            return RenderCommand.render(ctx, a.option("image-tag"), a.option("api-versions")).objects();
        } else if (source.equals("live") || source.startsWith("rev:")) {
            List<String> args = new ArrayList<>(List.of("get", "manifest", ctx.release()));
            if (source.startsWith("rev:")) {
                String rev = source.substring(4);
                if (!rev.matches("[1-9][0-9]{0,6}")) {
                    throw OpsException.usage("'" + source + "': a revision is a positive number");
                }
                args.add("--revision=" + rev);
            }
            Proc.Result r = ctx.cluster().helmRead(args.toArray(String[]::new));
            if (!r.ok()) {
                throw OpsException.failed("helm get manifest failed: " + Proc.tail(r.err()));
            }
            text = r.out();
        } else if (source.startsWith("git:")) {
            String spec = source.substring(4);
            int colon = spec.indexOf(':');
            if (colon <= 0 || spec.startsWith("-")) {
                throw OpsException.usage("'" + source + "': expected git:REF:PATH");
            }
            Proc.Result r = Proc.run(List.of("git", "-C", ctx.root().toString(), "show", "--end-of-options", spec));
            if (!r.ok()) {
                throw OpsException.failed("git show " + spec + " failed: " + Proc.tail(r.err()));
            }
            text = r.out();
        } else if (source.startsWith("file:")) {
            try {
                text = Files.readString(Path.of(source.substring(5)));
            } catch (IOException e) {
                throw OpsException.failed("cannot read " + source.substring(5) + ": " + e.getMessage());
            }
        } else {
            throw OpsException.usage("unknown source '" + source + "' (live, rev:N, render, git:REF:PATH, file:PATH)");
        }
        List<Manifests.K8sObject> objects = new ArrayList<>();
        for (Manifests.K8sObject o : Manifests.parse(text, ctx.namespace())) {
            if (!Manifests.isHook(o)) {
                if (o.kind().equals("Secret")) {
                    Manifests.referenceSecretValues(o);
                }
                objects.add(o);
            }
        }
        return objects;
    }

    record Summary(int changed, int added, int removed, int unchanged) {
        boolean same() {
            return changed + added + removed == 0;
        }
    }

    static Summary compare(List<Manifests.K8sObject> from, List<Manifests.K8sObject> to, PrintStream out) {
        Map<String, Manifests.K8sObject> a = index(from);
        Map<String, Manifests.K8sObject> b = index(to);
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        int changed = 0;
        int added = 0;
        int removed = 0;
        int unchanged = 0;
        for (String k : keys) {
            Manifests.K8sObject x = a.get(k);
            Manifests.K8sObject y = b.get(k);
            if (x == null) {
                out.println("+ " + k + " (only in --to)");
                added++;
            } else if (y == null) {
                out.println("- " + k + " (only in --from)");
                removed++;
            } else {
                String dx = Manifests.dump(x);
                String dy = Manifests.dump(y);
                if (dx.equals(dy)) {
                    unchanged++;
                } else {
                    out.println("~ " + k);
                    LineDiff.unified(dx.lines().toList(), dy.lines().toList(), 2).forEach(l -> out.println("    " + l));
                    changed++;
                }
            }
        }
        return new Summary(changed, added, removed, unchanged);
    }

    private static Map<String, Manifests.K8sObject> index(List<Manifests.K8sObject> objects) {
        Map<String, Manifests.K8sObject> m = new LinkedHashMap<>();
        for (Manifests.K8sObject o : objects) {
            if (m.put(o.key(), o) != null) {
                throw OpsException.failed("two objects named " + o.key());
            }
        }
        return m;
    }

    @Override
    public int run(Args a, PrintStream out) {
        a.expectPositionals(1, 1);
        OpsContext ctx = OpsContext.of(a.positional(0, "env"), a, out);
        String from = a.option("from", "live");
        String to = a.option("to", "render");
        List<Manifests.K8sObject> x = load(ctx, a, from);
        List<Manifests.K8sObject> y = load(ctx, a, to);
        Summary s = compare(x, y, out);
        out.printf("RESULT diff %s -> %s: %d changed, %d added, %d removed, %d unchanged%n", from, to, s.changed(), s.added(),
                s.removed(), s.unchanged());
        return a.flag("exit-code") && !s.same() ? 1 : 0;
    }
}
