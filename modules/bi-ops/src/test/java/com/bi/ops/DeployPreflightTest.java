package com.bi.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * preflight, deploy and rollback up to the cluster boundary: the real helm renders the umbrella with its upstream
 * charts; the cluster (kubectl, helm upgrade/get/history/rollback) is a recording stub answering prepared reads.
 */
class DeployPreflightTest {

    /** A cluster where the namespace exists and every referenced Secret has its keys, except {@code withhold}. */
    static OpsProcess cluster(String name, String env, String withhold) throws Exception {
        OpsProcess ops = OfflineChart.ops(name);
        Path state = ops.dir.resolve("state").resolve(env);
        Files.createDirectories(state);
        Files.writeString(state.resolve("release.yaml"), "global:\n  imageTag: 1.4.0-0a1b2c3\n");
        OpsContext ctx = new OpsContext(OpsProcess.ROOT, env, "bi-platform", "bi-" + env, null, OfflineChart.get(), state, false,
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        System.setProperty("BI_OPS_HELM", OfflineChart.helm());
        Map<String, Set<String>> keys = Preflight.requiredSecretKeys(RenderCommand.render(ctx, null, null).objects());
        assertFalse(keys.isEmpty(), "the pods reference Secret keys");
        for (Map.Entry<String, Set<String>> e : keys.entrySet()) {
            StringBuilder sb = new StringBuilder();
            e.getValue().stream().filter(k -> !k.equals(withhold)).forEach(k -> sb.append(k).append('\n'));
            ops.answer("kubectl", "get secret " + e.getKey(), sb.toString());
        }
        ops.answer("kubectl", "config current-context", "ops-" + env + "\n");
        // the stub's helm: the real one for template (local), recorded answers for the cluster
        Path helm = ops.dir.resolve("helm-mixed");
        Files.writeString(helm, "#!/usr/bin/env bash\nif [ \"$1\" = template ] || [ \"$1\" = version ]; then exec '" + OfflineChart.helm()
                + "' \"$@\"; fi\nexec '" + ops.dir.resolve("helm") + "' \"$@\"\n");
        helm.toFile().setExecutable(true);
        ops.env.put("BI_OPS_HELM", helm.toString());
        ops.answer("helm", "get metadata", "{\"name\":\"bi-platform\",\"chart\":\"bi-platform\",\"version\":\"0.1.0\",\"revision\":7}\n");
        return ops;
    }

    @Test
    void preflightReportsEveryCheckAndNamesAMissingSecretKeyWithoutReadingValues() throws Exception {
        OpsProcess ops = cluster("preflight-missing", "test", "BI_DB_PASSWORD_BI_SYS");
        OpsProcess.Result r = ops.run("preflight", "test", "--context", "ops-test", "--skip-nacos");
        assertEquals(OpsException.FAILED, r.exit(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*FAIL +secret bi-platform-secrets +missing keys \\[BI_DB_PASSWORD_BI_SYS].*"), r.out());
        for (String check : List.of("PASS values render and pass the schema", "PASS images", "PASS gateway routes", "PASS kube context",
                "PASS namespace bi-test", "WARN nacos data ids")) {
            assertTrue(r.out().replaceAll(" +", " ").contains(check), check + " in\n" + r.out());
        }
        assertTrue(r.out().contains("RESULT preflight: "), r.out());
        List<String> secretReads = ops.calls().stream().filter(c -> c.contains(" get secret ")).toList();
        assertFalse(secretReads.isEmpty());
        assertTrue(secretReads.stream().allMatch(c -> c.contains("--output=go-template={{range $k, $v := .data}}{{$k}}")),
                "only key names are asked for: " + secretReads);
        assertTrue(ops.calls().stream().noneMatch(c -> c.contains("upgrade") || c.contains(" apply")), "preflight changes nothing");
    }

    @Test
    void prodPreflightRefusesImagesWithoutDigest() throws Exception {
        OpsProcess ops = OfflineChart.ops("preflight-prod");
        Path state = ops.dir.resolve("state/prod");
        Files.createDirectories(state);
        // digests for the services but the test image left as a tag: the chart itself refuses (requireDigests)
        Files.writeString(state.resolve("release.yaml"), "global:\n  imageTag: 1.4.0-0a1b2c3\n");
        OpsProcess.Result r = ops.run("preflight", "prod", "--skip-nacos");
        assertEquals(OpsException.FAILED, r.exit(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*FAIL +values render and pass the schema +helm template failed: .*digest.*"), r.out());
        assertTrue(ops.calls().stream().noneMatch(c -> c.startsWith("kubectl")), "stops before asking the cluster");
    }

    @Test
    void gatewayRouteToAnUnrenderedServiceFails() {
        Map<String, Object> svc = new java.util.LinkedHashMap<>(Map.of("apiVersion", "v1", "kind", "Service",
                "metadata", Map.of("name", "bi-sys", "namespace", "bi-dev"), "spec", Map.of("ports", List.of(Map.of("port", 8001)))));
        String apisix = """
                routes:
                  - {id: sys, uris: [/api/sys/*], upstream_id: bi-sys}
                  - {id: gone, uris: [/api/gone/*], upstream_id: bi-gone}
                upstreams:
                  - {id: bi-sys, nodes: [{host: bi-sys.bi-dev.svc.cluster.local, port: 8001, weight: 1}]}
                  - {id: bi-wrong, nodes: [{host: bi-sys.bi-dev.svc.cluster.local, port: 9999, weight: 1}]}
                #END
                """;
        Map<String, Object> cm = new java.util.LinkedHashMap<>(Map.of("apiVersion", "v1", "kind", "ConfigMap",
                "metadata", Map.of("name", "bi-platform-apisix-standalone"), "data", Map.of("apisix.yaml", apisix)));
        Preflight.Check c = Preflight.gatewayRoutes(List.of(
                new Manifests.K8sObject("v1", "Service", "bi-dev", "bi-sys", svc),
                new Manifests.K8sObject("v1", "ConfigMap", "bi-dev", "bi-platform-apisix-standalone", cm)));
        assertEquals(Preflight.Status.FAIL, c.status());
        assertEquals("upstream bi-wrong -> bi-sys.bi-dev.svc.cluster.local:9999 is no rendered Service port; route gone -> unknown upstream bi-gone",
                c.detail());
    }

    @Test
    void deployRunsPreflightThenAtomicUpgradeThenRecordsTheAudit() throws Exception {
        OpsProcess ops = cluster("deploy", "test", null);
        OpsProcess.Result r = ops.run("deploy", "test", "--image-tag", "1.5.0-1b2c3d4", "--context", "ops-test", "--skip-nacos");
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> calls = ops.calls();
        int upgrade = indexOf(calls, "helm upgrade --install bi-platform ");
        int lastSecretRead = lastIndexOf(calls, "kubectl --context=ops-test --namespace=bi-test get secret");
        assertTrue(lastSecretRead >= 0 && upgrade > lastSecretRead, "preflight before the upgrade: " + calls);
        String up = calls.get(upgrade);
        assertTrue(up.contains(" --rollback-on-failure --wait --timeout 15m --kube-context=ops-test --namespace=bi-test"), up);
        assertTrue(up.contains("-f " + ops.dir.resolve("state/test/release.yaml")), up);
        assertTrue(Files.readString(ops.dir.resolve("state/test/release.yaml")).contains("imageTag: 1.5.0-1b2c3d4"));
        int apply = indexOf(calls, "kubectl --context=ops-test --namespace=bi-test apply --filename=");
        assertTrue(apply > upgrade, "audit after the upgrade: " + calls);
        String audit = r.out().lines().filter(l -> l.startsWith("AUDIT deploy ")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
        assertTrue(audit.contains("env=test release=bi-platform revision=7 chart=bi-platform-0.1.0 values=sha256:"), audit);
        assertTrue(audit.matches(".* git=[0-9a-f]{40}.*"), audit);
        assertTrue(audit.contains("/bi/bi-sys:1.5.0-1b2c3d4"), audit);
    }

    @Test
    void deployStopsWhenPreflightFails() throws Exception {
        OpsProcess ops = cluster("deploy-blocked", "test", "NACOS_PASSWORD");
        OpsProcess.Result r = ops.run("deploy", "test", "--image-tag", "1.5.0-1b2c3d4", "--context", "ops-test", "--skip-nacos");
        assertEquals(OpsException.FAILED, r.exit());
        assertTrue(r.err().contains("preflight failed: nothing was deployed"), r.err());
        assertTrue(ops.calls().stream().noneMatch(c -> c.startsWith("helm upgrade")), ops.calls().toString());
    }

    @Test
    void rollbackGoesToThePreviousRevisionAndAudits() throws Exception {
        OpsProcess ops = cluster("rollback", "test", null);
        ops.answer("helm", "history", "[{\"revision\":3,\"status\":\"superseded\"},{\"revision\":4,\"status\":\"superseded\"},"
                + "{\"revision\":5,\"status\":\"deployed\"}]");
        OpsProcess.Result r = ops.run("rollback", "test");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(ops.calls().contains("helm rollback bi-platform 4 --wait --timeout 10m --namespace=bi-test"), ops.calls().toString());
        assertTrue(r.out().contains("AUDIT rollback env=test"), r.out());
        OpsProcess.Result explicit = ops.run("rollback", "test", "2", "--dry-run");
        assertEquals(0, explicit.exit(), explicit.out() + explicit.err());
        assertTrue(explicit.out().contains("DRY-RUN would run: "), explicit.out());
        assertEquals(OpsException.USAGE, ops.run("rollback", "test", "two").exit());
    }

    static int indexOf(List<String> calls, String prefix) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    static int lastIndexOf(List<String> calls, String prefix) {
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (calls.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
