package com.bi.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** cleanup against a recording cluster: what no revision renders goes, Helm's records and live objects stay. */
class CleanupTest {
    static OpsProcess ops(String name) throws Exception {
        OpsProcess ops = new OpsProcess(Path.of("target/cleanup-" + name));
        ops.answer("helm", "get manifest", """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: bi-sys, namespace: bi-dev}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: bi-notify-secret, namespace: bi-dev}
                """);
        ops.answer("kubectl", "get configmaps", """
                {"items": [
                  {"kind": "ConfigMap", "metadata": {"name": "bi-sys", "creationTimestamp": "2026-11-01T00:00:00Z"}},
                  {"kind": "ConfigMap", "metadata": {"name": "bi-old-service", "creationTimestamp": "2026-10-01T00:00:00Z"}},
                  {"kind": "ConfigMap", "metadata": {"name": "bi-ops-audit-deploy-r1", "creationTimestamp": "2026-10-01T00:00:00Z", "labels": {"bi-platform.io/audit": "deploy"}}},
                  {"kind": "ConfigMap", "metadata": {"name": "bi-ops-audit-deploy-r2", "creationTimestamp": "2026-10-02T00:00:00Z", "labels": {"bi-platform.io/audit": "deploy"}}},
                  {"kind": "ConfigMap", "metadata": {"name": "bi-ops-audit-deploy-r3", "creationTimestamp": "2026-10-03T00:00:00Z", "labels": {"bi-platform.io/audit": "deploy"}}}
                ]}
                """);
        ops.answer("kubectl", "get secrets", """
                {"items": [
                  {"kind": "Secret", "metadata": {"name": "sh.helm.release.v1.bi-platform.v7"}, "data": {"release": "c2VjcmV0"}},
                  {"kind": "Secret", "metadata": {"name": "bi-notify-secret"}, "data": {"SMTP_PASSWORD": "aHVudGVyMg=="}},
                  {"kind": "Secret", "metadata": {"name": "bi-chat-secret", "creationTimestamp": "2026-09-01T00:00:00Z"}, "data": {"K": "aHVudGVyMg=="}}
                ]}
                """);
        return ops;
    }

    @Test
    void listsLeftoversAndOldAuditsWithoutDeletingByDefault() throws Exception {
        OpsProcess ops = ops("list");
        OpsProcess.Result r = ops.run("cleanup", "dev", "--keep-audit", "2");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("3 objects to delete"), r.out());
        for (String gone : List.of("bi-old-service", "bi-chat-secret", "bi-ops-audit-deploy-r1")) {
            assertTrue(r.out().contains(gone), gone + " listed: " + r.out());
        }
        for (String kept : List.of("sh.helm.release", "bi-notify-secret", "bi-ops-audit-deploy-r3", "bi-ops-audit-deploy-r2", " bi-sys ")) {
            assertFalse(r.out().contains(kept), kept + " kept: " + r.out());
        }
        assertFalse(r.out().contains("aHVudGVyMg"), "no secret data printed");
        assertTrue(ops.calls().stream().noneMatch(c -> c.contains(" delete ")), "nothing deleted without --apply");
    }

    @Test
    void applyDeletesExactlyTheListedObjects() throws Exception {
        OpsProcess ops = ops("apply");
        OpsProcess.Result r = ops.run("cleanup", "dev", "--keep-audit", "2", "--apply");
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> deletes = ops.calls().stream().filter(c -> c.contains(" delete ")).map(c -> c.replaceFirst(".* delete ", "")).sorted().toList();
        assertEquals(List.of("configmap bi-old-service", "configmap bi-ops-audit-deploy-r1", "secret bi-chat-secret"), deletes);
    }
}
