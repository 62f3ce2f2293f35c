package com.bi.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * deploy: the build's images pinned in the environment's state (release.yaml), preflight, then helm upgrade
 * --install with every values file, atomic, waiting, with a timeout; then an audit entry — chart version, values
 * digest, images, Helm revision, git sha — as a ConfigMap in the namespace and one line on stdout.
 */
final class DeployCommand implements Command {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "deploy";
    }

    @Override
    public String summary() {
        return "preflight, then helm upgrade --install (atomic, wait, timeout) and an audit entry";
    }

    @Override
    public String usage() {
        return """
                usage: bi-ops deploy <env> [--images FILE | --image-tag TAG] [--timeout 15m] [--context NAME]

                1. pins the build: --images FILE (per service {image: {tag, digest}}, e.g. release-1.4.0-digests.yaml;
                   required for prod) or --image-tag TAG (dev/test) becomes <state>/<env>/release.yaml; without
                   either, the release.yaml already there is used
                2. bi-ops preflight (stops on any FAIL; --skip-preflight to bypass, --skip-nacos to skip Nacos)
                3. helm upgrade --install with the env values, the gateway overlay and the state overlays,
                   --rollback-on-failure (helm 3: --atomic) --wait --timeout
                4. audit: ConfigMap bi-ops-audit-<revision> (chart, values digest, images, revision, git sha, who, when)
                   and a line "AUDIT deploy ..." on stdout
                --dry-run prints the files it would write and every command, and runs the preflight's reads.
                """;
    }

    @Override
    public Set<String> options() {
        Set<String> o = new HashSet<>(OpsContext.OPTIONS);
        o.addAll(Set.of("images", "image-tag", "timeout"));
        return o;
    }

    @Override
    public Set<String> flags() {
        return Set.of("skip-preflight", "skip-nacos");
    }

    static Path releaseFile(OpsContext ctx) {
        return ctx.stateDir().resolve("release.yaml");
    }

    @Override
    public int run(Args a, PrintStream out) {
        a.expectPositionals(1, 1);
        OpsContext ctx = OpsContext.of(a.positional(0, "env"), a, out);
        String timeout = a.option("timeout", "15m");
        OpsClock.parseDuration(timeout, "--timeout");
        String tag = a.option("image-tag");
        String images = a.option("images");
        if (tag != null && images != null) {
            throw OpsException.usage("give --images or --image-tag, not both");
        }
        if (tag != null) {
            ImageRef.parse(tag).requirePinnedFor(ctx);
            writeRelease(ctx, "global:\n  imageTag: " + tag + "\n");
        } else if (images != null) {
            try {
                String text = Files.readString(Path.of(images));
                ServiceSwitch.Yamls.map(ServiceSwitch.Yamls.parse(text), images);
                writeRelease(ctx, "# from " + images + "\n" + text);
            } catch (IOException e) {
                throw OpsException.failed("cannot read " + images + ": " + e.getMessage());
            }
        } else if (!Files.isRegularFile(releaseFile(ctx))) {
            throw OpsException.usage("no build pinned for " + ctx.env() + " yet: give --images FILE or --image-tag TAG");
        }
        Cluster cluster = ctx.cluster();
        String renderTag = ctx.dryRun() ? tag : null;
        if (!a.flag("skip-preflight")) {
            if (!Preflight.report(Preflight.run(ctx, cluster, renderTag, a.flag("skip-nacos")), out)) {
                throw OpsException.failed("preflight failed: nothing was deployed");
            }
        }
        RenderCommand.Rendered rendered = RenderCommand.render(ctx, renderTag, null);
        cluster.helmWrite(ctx.upgradeArgs(timeout, releaseFile(ctx)));
        audit(ctx, cluster, "deploy", rendered);
        return 0;
    }

    private static void writeRelease(OpsContext ctx, String text) {
        Path f = releaseFile(ctx);
        String body = "# written by scripts/bi-ops deploy: the build " + ctx.env() + " runs (passed to every helm upgrade)\n" + text;
        if (ctx.dryRun()) {
            ctx.out().println("DRY-RUN would write " + f + ":\n" + body.indent(2));
            return;
        }
        try {
            Files.createDirectories(f.getParent());
            Files.writeString(f, body);
        } catch (IOException e) {
            throw OpsException.failed("cannot write " + f + ": " + e.getMessage());
        }
        ctx.out().println("WROTE " + f);
    }

    /** Records what runs now: a ConfigMap in the namespace (kubectl apply) and a line on stdout. */
    static void audit(OpsContext ctx, Cluster cluster, String action, RenderCommand.Rendered rendered) {
        ObjectNode rec = JSON.createObjectNode();
        rec.put("action", action);
        rec.put("env", ctx.env());
        rec.put("release", ctx.release());
        rec.put("at", Instant.now().toString());
        rec.put("by", System.getProperty("user.name"));
        String revision = "unknown";
        String chart = "unknown";
        Proc.Result meta = cluster.helmRead("get", "metadata", ctx.release(), "--output", "json");
        if (meta.ok() && !meta.out().isBlank()) {
            try {
                JsonNode m = JSON.readTree(meta.out());
                revision = m.path("revision").asText("unknown");
                chart = m.path("chart").asText("?") + "-" + m.path("version").asText("?");
            } catch (IOException e) {
                ctx.out().println("WARNING helm get metadata did not answer JSON");
            }
        }
        rec.put("revision", revision);
        rec.put("chart", chart);
        rec.put("valuesDigest", Audit.valuesDigest(ctx));
        Set<String> images = new LinkedHashSet<>();
        if (rendered != null) {
            for (Manifests.K8sObject o : rendered.objects()) {
                if (o.kind().equals("Deployment") || o.kind().equals("CronJob")) {
                    Preflight.collect(o.body(), "image", images);
                }
            }
        }
        rec.putPOJO("images", List.copyOf(images));
        Proc.Result git = Proc.run(List.of("git", "-C", ctx.root().toString(), "rev-parse", "HEAD"));
        Proc.Result dirty = Proc.run(List.of("git", "-C", ctx.root().toString(), "status", "--porcelain", "--", "charts"));
        String sha = git.ok() ? git.out().strip() : "unknown";
        if (dirty.ok() && !dirty.out().isBlank()) {
            sha += "+uncommitted-chart-changes";
        }
        rec.put("gitSha", sha);
        String record;
        try {
            record = JSON.writeValueAsString(rec);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        cm.put("metadata", Map.of("name", "bi-ops-audit-" + action + "-r" + revision, "namespace", ctx.namespace(),
                "labels", Map.of("app.kubernetes.io/managed-by", "bi-ops", "app.kubernetes.io/instance", ctx.release(),
                        "bi-platform.io/audit", action)));
        cm.put("data", Map.of("record.json", record));
        try {
            Path f = Files.createTempFile("bi-ops-audit", ".yaml");
            Files.writeString(f, ServiceSwitch.Yamls.dump(cm));
            try {
                cluster.kubectlWrite("apply", "--filename=" + f);
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw OpsException.failed("cannot write the audit record: " + e.getMessage());
        }
        ctx.out().println("AUDIT " + action + " env=" + ctx.env() + " release=" + ctx.release() + " revision=" + revision + " chart=" + chart
                + " values=" + rec.get("valuesDigest").asText() + " git=" + sha + " images=" + String.join(",", images));
    }
}
