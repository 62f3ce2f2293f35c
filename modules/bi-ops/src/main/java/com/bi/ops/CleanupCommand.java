package com.bi.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * cleanup: ConfigMaps and Secrets of the release that no revision renders any more (left behind by past revisions
 * or by hand), and bi-ops audit entries beyond the newest N. A list by default; {@code --apply} deletes.
 * Helm's own release records ({@code sh.helm.release.v1.*}) are never touched: {@code helm history --max} governs them.
 */
final class CleanupCommand implements Command {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "cleanup";
    }

    @Override
    public String summary() {
        return "list (or --apply: delete) ConfigMaps/Secrets no revision renders, old audit entries, old registry images";
    }

    @Override
    public String usage() {
        return """
                usage: bi-ops cleanup <env> [--keep-audit 50] [--apply]
                       bi-ops cleanup images <env> --registry HOST[:PORT][/PREFIX] [--keep 5] [--repositories bi/a,bi/b] [--insecure] [--apply]

                Lists, without --apply, what it would delete; with --apply, deletes it (kubectl delete, one object a call):
                  - ConfigMaps and Secrets labelled app.kubernetes.io/instance=<release> that the live release's
                    manifest (helm get manifest) does not contain — leftovers of past revisions
                  - bi-ops audit ConfigMaps (bi-platform.io/audit) beyond the newest --keep-audit
                Never: Helm's release records (sh.helm.release.v1.*), Secrets the chart references but does not
                render (bi-platform-secrets and other existingSecret), anything without the release's label.

                cleanup images: per repository (default bi/<service> for every service), the release tags beyond the
                newest --keep (versions by number: 1.10.0 after 1.9.0), except what any Helm revision of the release
                still references by tag or digest, and except manifests another kept tag points at (the registry
                deletes by digest: every tag of that manifest goes). Tags that are not versions are kept. Lists by
                default; --apply deletes (skopeo delete, one manifest a call; the registry needs deletes enabled and
                a garbage collection afterwards to free the space). --insecure: plain HTTP / no TLS verification.
                """;
    }

    @Override
    public Set<String> options() {
        Set<String> o = new HashSet<>(OpsContext.OPTIONS);
        o.addAll(Set.of("keep-audit", "registry", "keep", "repositories"));
        return o;
    }

    @Override
    public Set<String> flags() {
        return Set.of("apply", "insecure");
    }

    record Item(String kind, String name, String created, String reason) {
    }

    @Override
    public int run(Args a, PrintStream out) {
        if (!a.positionals().isEmpty() && a.positionals().getFirst().equals("images")) {
            return ImageCleanup.run(a, out);
        }
        a.expectPositionals(1, 1);
        OpsContext ctx = OpsContext.of(a.positional(0, "env"), a, out);
        int keepAudit = BackupCommand.parseKeep(a.option("keep-audit", "50"));
        Cluster cluster = ctx.cluster();
        Proc.Result manifest = cluster.helmRead("get", "manifest", ctx.release());
        if (!manifest.ok()) {
            throw OpsException.failed("helm get manifest failed: " + Proc.tail(manifest.err()));
        }
        Set<String> live = new HashSet<>();
        for (Manifests.K8sObject o : Manifests.parse(manifest.out(), ctx.namespace())) {
            live.add(o.kind() + "/" + o.name());
        }
        List<Item> delete = new ArrayList<>();
        List<Item> audits = new ArrayList<>();
        for (String kind : List.of("configmaps", "secrets")) {
            Proc.Result r = cluster.kubectlRead("get", kind, "--selector=app.kubernetes.io/instance=" + ctx.release(), "--output=json");
            if (!r.ok()) {
                throw OpsException.failed("kubectl get " + kind + " failed: " + Proc.tail(r.err()));
            }
            try {
                // only metadata is used; Secret data is dropped right here
                for (JsonNode item : JSON.readTree(r.out().isBlank() ? "{}" : r.out()).path("items")) {
                    JsonNode meta = item.path("metadata");
                    String k = item.path("kind").asText(kind.equals("secrets") ? "Secret" : "ConfigMap");
                    String name = meta.path("name").asText();
                    String created = meta.path("creationTimestamp").asText("");
                    if (name.startsWith("sh.helm.release.v1.")) {
                        continue;
                    }
                    if (meta.path("labels").has("bi-platform.io/audit")) {
                        audits.add(new Item(k, name, created, "audit entry beyond the newest " + keepAudit));
                    } else if (!live.contains(k + "/" + name)) {
                        delete.add(new Item(k, name, created, "not in the live release's manifest"));
                    }
                }
            } catch (IOException e) {
                throw OpsException.failed("kubectl get " + kind + " did not answer JSON");
            }
        }
        audits.sort(Comparator.comparing(Item::created).reversed());
        if (audits.size() > keepAudit) {
            delete.addAll(audits.subList(keepAudit, audits.size()));
        }
        out.printf("cleanup of %s (%s): %d objects to delete%n", ctx.env(), ctx.namespace(), delete.size());
        for (Item i : delete) {
            out.printf("  %-9s %-50s %s (%s)%n", i.kind(), i.name(), i.reason(), i.created());
        }
        if (!a.flag("apply")) {
            out.println("RESULT cleanup listed " + delete.size() + " (nothing deleted; --apply deletes them)");
            return 0;
        }
        for (Item i : delete) {
            cluster.kubectlWrite("delete", i.kind().toLowerCase(), i.name());
        }
        out.println("RESULT cleanup deleted " + (ctx.dryRun() ? 0 : delete.size()));
        return 0;
    }
}
