package com.bi.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** render and diff with the real helm CLI and the umbrella chart with its real upstream dependencies. */
class RenderDiffTest {
    static final String DIGEST = "sha256:" + "5e".repeat(32);

    static void state(OpsProcess ops, String env, String file, String yaml) throws Exception {
        Path dir = ops.dir.resolve("state").resolve(env);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(file), yaml);
    }

    @Test
    void renderOrdersConfigMapsAndSecretsFirstDropsHooksAndKeepsNoSecretValue() throws Exception {
        OpsProcess ops = OfflineChart.ops("secrets");
        state(ops, "test", "release.yaml", """
                global:
                  imageTag: 1.4.0-0a1b2c3
                bi-notify:
                  secret:
                    values:
                      SMTP_PASSWORD: hunter2-from-the-vault
                """);
        Path out = ops.dir.resolve("test.yaml");
        OpsProcess.Result r = ops.run("render", "test", "--out", out.toString(), "--api-versions", "monitoring.coreos.com/v1");
        assertEquals(0, r.exit(), r.out() + r.err());
        String text = Files.readString(out);
        assertFalse(text.contains("hunter2"), "no secret value in the rendered file");
        assertFalse(text.contains(java.util.Base64.getEncoder().encodeToString("hunter2-from-the-vault".getBytes())), "not even base64");
        List<String> kinds = OfflineChart.kinds(text);
        int lastConfigOrSecret = Math.max(kinds.lastIndexOf("ConfigMap"), kinds.lastIndexOf("Secret"));
        int firstOther = 0;
        while (kinds.get(firstOther).equals("ConfigMap") || kinds.get(firstOther).equals("Secret")) {
            firstOther++;
        }
        assertTrue(lastConfigOrSecret < firstOther, "ConfigMaps and Secrets first: " + kinds);
        assertTrue(kinds.indexOf("Deployment") > kinds.lastIndexOf("Service"), "Services before Deployments: " + kinds);
        assertTrue(kinds.indexOf("PrometheusRule") > kinds.lastIndexOf("CronJob") && kinds.indexOf("ServiceMonitor") > kinds.lastIndexOf("CronJob"),
                "custom resources last: " + kinds);
        assertFalse(kinds.contains("Pod"), "helm test hooks left out");
        String secretName = Manifests.parse(text, "bi-test").stream().filter(o -> o.kind().equals("Secret")).map(Manifests.K8sObject::name)
                .findFirst().orElseThrow();
        assertTrue(secretName.startsWith("bi-notify"), secretName);
        String var = Manifests.secretVariable(secretName, "SMTP_PASSWORD");
        assertTrue(text.contains("SMTP_PASSWORD: ${" + var + "}"), text.lines().filter(l -> l.contains("SMTP")).toList().toString());
        assertTrue(text.contains("#   envsubst '$" + var + "' < <this file> | kubectl apply -f -"), text.lines().limit(4).toList().toString());

        // the seeds' path, for real: envsubst limited to the listed variable, and the value lands in the Secret
        ProcessBuilder pb = new ProcessBuilder("envsubst", "$" + var).redirectInput(out.toFile());
        pb.environment().put(var, "hunter2-from-the-vault");
        Process p = pb.start();
        String applied = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor());
        assertTrue(applied.contains("SMTP_PASSWORD: hunter2-from-the-vault"));
        assertTrue(applied.contains("$remote_addr") == text.contains("$remote_addr"), "other $variables (nginx) untouched");
        List<Manifests.K8sObject> objects = Manifests.parse(applied, "bi-test");
        assertEquals(OfflineChart.kinds(text).size(), objects.size(), "still valid YAML, every object");
    }

    @Test
    void theCanarySwitchOverlayRendersTheIdleTrackAndTheWeight() throws Exception {
        OpsProcess ops = OfflineChart.ops("canary-overlay");
        state(ops, "test", "release.yaml", "global:\n  imageTag: 1.4.0-0a1b2c3\n");
        // exactly the overlay the canary command writes at its second step
        OpsContext ctx = new OpsContext(OpsProcess.ROOT, "test", "bi-platform", "bi-test", null, OfflineChart.get(),
                ops.dir.resolve("state/test"), false, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        new ServiceSwitch("bi-analysis", "blue", Map.of(), Map.of(), "", "", 0)
                .withImage("green", ImageRef.parse("1.5.0@" + DIGEST)).withWeight(25).save(ctx);
        OpsProcess.Result r = ops.run("render", "test");
        assertEquals(0, r.exit(), r.out() + r.err());
        List<Manifests.K8sObject> objects = Manifests.parse(r.out(), "bi-test");
        Manifests.K8sObject green = objects.stream().filter(o -> o.kind().equals("Deployment") && o.name().equals("bi-analysis-green"))
                .findFirst().orElseThrow(() -> new AssertionError("no green Deployment: " + objects.stream().map(Manifests.K8sObject::key).toList()));
        String g = Manifests.dump(green);
        assertTrue(g.contains("/bi/bi-analysis:1.5.0@" + DIGEST) || g.contains("/bi/bi-analysis@" + DIGEST), g.lines().filter(l -> l.contains("image:")).toList().toString());
        String apisix = objects.stream().filter(o -> o.kind().equals("ConfigMap") && o.name().endsWith("apisix-standalone"))
                .map(Manifests::dump).findFirst().orElseThrow();
        assertTrue(apisix.contains("traffic-split"), "weighted upstreams in the gateway");
        assertTrue(apisix.matches("(?s).*upstream_id: bi-analysis-preview\\s+weight: 25.*"), apisix.lines().filter(l -> l.contains("weight")).toList().toString());
    }

    @Test
    void diffShowsWhatChangedAndExitCodeReportsDrift() throws Exception {
        OpsProcess ops = OfflineChart.ops("diff");
        state(ops, "test", "release.yaml", "global:\n  imageTag: 1.4.0-0a1b2c3\n");
        Path before = ops.dir.resolve("before.yaml");
        assertEquals(0, ops.run("render", "test", "--out", before.toString()).exit());

        OpsProcess.Result same = ops.run("diff", "test", "--from", "file:" + before, "--to", "render", "--exit-code");
        assertEquals(0, same.exit(), same.out() + same.err());
        assertTrue(same.out().contains(": 0 changed, 0 added, 0 removed"), same.out());

        state(ops, "test", "release.yaml", "global:\n  imageTag: 1.4.1-0d0e0f0\n");
        OpsProcess.Result changed = ops.run("diff", "test", "--from", "file:" + before, "--to", "render", "--exit-code");
        assertEquals(1, changed.exit(), changed.out() + changed.err());
        assertTrue(changed.out().contains("~ apps/v1 Deployment bi-test/bi-sys"), changed.out());
        assertTrue(changed.out().matches("(?s).*\\n    - +image: \\S+/bi/bi-sys:1.4.0-0a1b2c3\\n    \\+ +image: \\S+/bi/bi-sys:1.4.1-0d0e0f0\\n.*"),
                changed.out());
        assertFalse(changed.out().contains("~ v1 Service"), "Services did not change");
    }

    @Test
    void liveReleaseComesFromTheClusterBoundary() throws Exception {
        OpsProcess ops = OfflineChart.ops("live");
        state(ops, "dev", "release.yaml", "global:\n  imageTag: 1.4.0-0a1b2c3\n");
        Path rendered = ops.dir.resolve("dev.yaml");
        assertEquals(0, ops.run("render", "dev", "--out", rendered.toString()).exit());
        // the live release: what helm get manifest would answer (here: the stub, with one Service port changed)
        String live = Files.readString(rendered).replaceFirst("port: 8001", "port: 18001");
        Path stub = ops.dir.resolve("helm-live");
        Files.writeString(stub, "#!/usr/bin/env bash\nprintf 'helm %s\\n' \"$*\" >>'" + ops.log + "'\nif [ \"$1\" = get ]; then cat '"
                + ops.dir.resolve("live.yaml") + "'; exit 0; fi\nexec '" + OfflineChart.helm() + "' \"$@\"\n");
        stub.toFile().setExecutable(true);
        Files.writeString(ops.dir.resolve("live.yaml"), live);
        ops.env.put("BI_OPS_HELM", stub.toString());
        OpsProcess.Result r = ops.run("diff", "dev", "--exit-code");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(ops.calls().contains("helm get manifest bi-platform --namespace=bi-dev"), ops.calls().toString());
        assertTrue(r.out().contains("RESULT diff live -> render: 1 changed, 0 added, 0 removed"), r.out());
        assertTrue(r.out().matches("(?s).*\\n    - +port: 18001\\n    \\+ +port: 8001\\n.*"), r.out());
    }

    @Test
    void unknownSourcesAndBadRevisionsAreRefused() throws Exception {
        OpsProcess ops = OfflineChart.ops("bad");
        assertEquals(OpsException.USAGE, ops.run("diff", "dev", "--from", "rev:0").exit());
        assertEquals(OpsException.USAGE, ops.run("diff", "dev", "--from", "http://x").exit());
        OpsProcess.Result git = ops.run("diff", "dev", "--from", "git:--output=/tmp/x:y");
        assertEquals(OpsException.USAGE, git.exit(), git.err());
        OpsProcess.Result missing = ops.run("diff", "dev", "--from", "git:HEAD:no/such/file.yaml", "--to", "file:/dev/null");
        assertEquals(OpsException.FAILED, missing.exit(), missing.err());
        assertTrue(missing.err().contains("git show HEAD:no/such/file.yaml failed"), missing.err());
    }
}
