package com.bi.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** rotate up to the cluster boundary: real helm renders who reads the key; a kubectl stub holds the Secret. */
class RotateTest {
    static final String OLD_JWT = "old-jwt-secret-value-0123456789abcdef0123456789abcdef";
    static final String OLD_LABEL = "k20260101000000";

    static OpsProcess ops(String name) throws Exception {
        OpsProcess ops = OfflineChart.ops("rotate-" + name);
        Path state = ops.dir.resolve("state/test");
        Files.createDirectories(state);
        Files.writeString(state.resolve("release.yaml"), "global:\n  imageTag: 1.4.0-0a1b2c3\n");
        Path secrets = ops.dir.resolve("secrets");
        Files.createDirectories(secrets);
        Files.writeString(secrets.resolve("BI_JWT_SECRET"), b64(OLD_JWT));
        Files.writeString(secrets.resolve("BI_JWT_GATEWAY_KEY"), b64(OLD_LABEL));
        Path patches = ops.dir.resolve("patches");
        Files.createDirectories(patches);
        // kubectl holding one Secret: jsonpath reads answer from secrets/<KEY>; patches are kept for the test
        Path kubectl = ops.dir.resolve("kubectl-secret");
        Files.writeString(kubectl, """
                #!/usr/bin/env bash
                printf 'kubectl %%s\\n' "$*" >>'%1$s'
                for a in "$@"; do
                  case "$a" in
                    --output=jsonpath=\\{.data.*) k=${a#--output=jsonpath=\\{.data.}; k=${k%%\\}}; cat '%2$s'/"$k" 2>/dev/null; exit 0;;
                    --patch-file=*) f=${a#--patch-file=}; cp "$f" '%3$s'/"$(date +%%s%%N).json"; echo "$f" >>'%3$s'/paths;;
                  esac
                done
                exit 0
                """.formatted(ops.log, secrets, patches));
        kubectl.toFile().setExecutable(true);
        ops.env.put("BI_OPS_KUBECTL", kubectl.toString());
        return ops;
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes());
    }

    static JsonNode patch(OpsProcess ops) throws Exception {
        try (var files = Files.list(ops.dir.resolve("patches"))) {
            List<Path> json = files.filter(p -> p.toString().endsWith(".json")).toList();
            assertEquals(1, json.size(), "one patch");
            return new ObjectMapper().readTree(json.getFirst().toFile()).path("data");
        }
    }

    static final String NEW_JWT = "new-jwt-secret-value-fedcba9876543210fedcba9876543210";
    static final String NEW_LABEL = "k20261202000000";

    @Test
    void jwtAnnounceGivesEveryPodTheNewPairAsPreviousAndNeverPrintsIt() throws Exception {
        OpsProcess ops = ops("announce");
        Files.writeString(ops.dir.resolve("secrets/BI_JWT_SECRET_PREVIOUS"), b64(OLD_JWT));
        Files.writeString(ops.dir.resolve("secrets/BI_JWT_GATEWAY_KEY_PREVIOUS"), b64(OLD_LABEL));
        OpsProcess.Result r = ops.run("rotate", "test", "jwt", "announce");
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode data = patch(ops);
        assertFalse(data.has("BI_JWT_SECRET") || data.has("BI_JWT_GATEWAY_KEY"), "bi-sys keeps signing with the current pair");
        String fresh = new String(Base64.getDecoder().decode(data.path("BI_JWT_SECRET_PREVIOUS").asText()));
        assertNotEquals(OLD_JWT, fresh);
        assertEquals(48, Base64.getDecoder().decode(fresh).length, "48 random bytes, base64");
        assertNotEquals(OLD_LABEL, new String(Base64.getDecoder().decode(data.path("BI_JWT_GATEWAY_KEY_PREVIOUS").asText())));
        for (String secretText : List.of(OLD_JWT, b64(OLD_JWT), fresh, data.path("BI_JWT_SECRET_PREVIOUS").asText())) {
            assertFalse((r.out() + r.err() + ops.logText()).contains(secretText), "a secret value was printed or passed as an argument");
        }
        String patchPath = Files.readString(ops.dir.resolve("patches/paths")).strip();
        assertFalse(Files.exists(Path.of(patchPath)), "the patch file is gone");

        List<String> calls = ops.calls();
        int patched = DeployPreflightTest.indexOf(calls, "kubectl --namespace=bi-test patch secret bi-platform-secrets --type=merge");
        List<String> restarts = calls.stream().filter(c -> c.contains(" rollout restart ")).map(c -> c.replaceAll(".*deployment/", "")).toList();
        assertTrue(patched >= 0 && patched < DeployPreflightTest.indexOf(calls, "kubectl --namespace=bi-test rollout restart"), calls.toString());
        assertTrue(restarts.size() > 2 && restarts.contains("bi-platform-apisix"), "every reader restarts, the gateway too: " + restarts);
        assertEquals("bi-sys", restarts.getLast(), "the signer last: " + restarts);
        for (String d : restarts) {
            int restart = calls.indexOf("kubectl --namespace=bi-test rollout restart deployment/" + d);
            assertEquals("kubectl --namespace=bi-test rollout status deployment/" + d + " --timeout=5m", calls.get(restart + 1), "waits for each");
        }
    }

    @Test
    void apisixKeysRotateTheGatewayConsumersWithTheJwtOverlap() throws Exception {
        OpsProcess ops = ops("apisix-keys");
        Files.writeString(ops.dir.resolve("secrets/BI_JWT_SECRET_PREVIOUS"), b64(OLD_JWT));
        Files.writeString(ops.dir.resolve("secrets/BI_JWT_GATEWAY_KEY_PREVIOUS"), b64(OLD_LABEL));
        OpsProcess.Result r = ops.run("rotate", "test", "apisix-keys", "announce");
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode data = patch(ops);
        java.util.Set<String> keys = new java.util.HashSet<>();
        data.fieldNames().forEachRemaining(keys::add);
        assertEquals(java.util.Set.of("BI_JWT_SECRET_PREVIOUS", "BI_JWT_GATEWAY_KEY_PREVIOUS"), keys, "only the previous consumer changes");
        List<String> restarts = ops.calls().stream().filter(c -> c.contains(" rollout restart ")).map(c -> c.replaceAll(".*deployment/", "")).toList();
        assertTrue(restarts.contains("bi-platform-apisix"), restarts.toString());
        assertEquals("bi-sys", restarts.getLast(), restarts.toString());
        OpsProcess.Result unknown = ops.run("rotate", "test", "nacos-keys", "start");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("(jwt, apisix-keys, crypto-key, db, nacos)"), unknown.err());
    }

    @Test
    void jwtSwitchSwapsThePairsAndRetireDropsTheOldOne() throws Exception {
        OpsProcess ops = ops("switch");
        Files.writeString(ops.dir.resolve("secrets/BI_JWT_SECRET_PREVIOUS"), b64(NEW_JWT));
        Files.writeString(ops.dir.resolve("secrets/BI_JWT_GATEWAY_KEY_PREVIOUS"), b64(NEW_LABEL));
        OpsProcess.Result r = ops.run("rotate", "test", "jwt", "switch");
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode data = patch(ops);
        assertEquals(b64(NEW_JWT), data.path("BI_JWT_SECRET").asText());
        assertEquals(b64(OLD_JWT), data.path("BI_JWT_SECRET_PREVIOUS").asText());
        assertEquals(b64(NEW_LABEL), data.path("BI_JWT_GATEWAY_KEY").asText());
        assertEquals(b64(OLD_LABEL), data.path("BI_JWT_GATEWAY_KEY_PREVIOUS").asText());

        OpsProcess retire = ops("retire");
        Files.writeString(retire.dir.resolve("secrets/BI_JWT_SECRET_PREVIOUS"), b64(OLD_JWT + "-older"));
        Files.writeString(retire.dir.resolve("secrets/BI_JWT_GATEWAY_KEY_PREVIOUS"), b64("k2025"));
        assertEquals(0, retire.run("rotate", "test", "jwt", "retire").exit());
        JsonNode retired = patch(retire);
        assertEquals(b64(OLD_JWT), retired.path("BI_JWT_SECRET_PREVIOUS").asText(), "previous := current (one secret, one label)");
        assertEquals(b64(OLD_LABEL), retired.path("BI_JWT_GATEWAY_KEY_PREVIOUS").asText());
        assertFalse(retired.has("BI_JWT_SECRET"));
    }

    @Test
    void jwtSwitchWithoutAnnounceIsRefused() throws Exception {
        OpsProcess ops = ops("no-announce");
        Files.writeString(ops.dir.resolve("secrets/BI_JWT_SECRET_PREVIOUS"), b64(OLD_JWT));
        Files.writeString(ops.dir.resolve("secrets/BI_JWT_GATEWAY_KEY_PREVIOUS"), b64(OLD_LABEL));
        OpsProcess.Result r = ops.run("rotate", "test", "jwt", "switch");
        assertEquals(OpsException.FAILED, r.exit());
        assertTrue(r.err().contains("run announce first"), r.err());
        assertTrue(ops.calls().stream().noneMatch(c -> c.contains(" patch ") || c.contains(" rollout ")));
        assertEquals(OpsException.USAGE, ops.run("rotate", "test", "jwt", "start").exit(), "jwt has announce/switch/retire");
    }

    /**
     * finish asks a real Prometheus for the connectors' gauge (series backfilled up to now): bi-test has every pod at 0,
     * bi-stale a pod that has not finished a maintenance pass (-1), bi-left a pod with credentials still on the previous
     * key, bi-none no series at all. Only bi-test may drop the key; the others change nothing.
     */
    @Test
    void cryptoKeyFinishRemovesThePreviousKeyOnlyWhenEverythingIsReSealed() throws Exception {
        long now = java.time.Instant.now().getEpochSecond();
        StringBuilder om = new StringBuilder("# TYPE " + RotateCommand.SEALED_WITH_PREVIOUS + " gauge\n");
        String[][] pods = {{"bi-test", "a", "0"}, {"bi-test", "b", "0"}, {"bi-stale", "a", "0"}, {"bi-stale", "b", "-1"},
                {"bi-left", "a", "0"}, {"bi-left", "b", "2"}};
        for (String[] p : pods) {
            for (long t = now - 600; t <= now; t += 15) {
                om.append(RotateCommand.SEALED_WITH_PREVIOUS).append("{namespace=\"").append(p[0]).append("\",pod=\"bi-api-jushuitan-")
                        .append(p[1]).append("\"} ").append(p[2]).append(' ').append(t).append('\n');
            }
        }
        om.append("# EOF\n");
        try (PrometheusServer prometheus = PrometheusServer.start(Path.of("target/prometheus-reseal"), om.toString())) {
            for (String[] refused : new String[][] {{"bi-stale", "has not finished a maintenance pass"},
                    {"bi-left", "2 stored credential(s) still open only with the previous key"}, {"bi-none", "no " + RotateCommand.SEALED_WITH_PREVIOUS}}) {
                OpsProcess ops = ops("crypto-finish-" + refused[0]);
                Files.writeString(ops.dir.resolve("secrets/BI_CRYPTO_KEY"), b64("current-key"));
                OpsProcess.Result r = ops.run("rotate", "test", "crypto-key", "finish", "--namespace", refused[0],
                        "--prometheus", prometheus.url, "--leke-secrets-reentered");
                assertEquals(OpsException.FAILED, r.exit(), refused[0] + ": " + r.out() + r.err());
                assertTrue(r.err().contains(refused[1]) && r.err().contains("nothing changed"), r.err());
                assertTrue(ops.calls().stream().noneMatch(c -> c.contains(" patch ") || c.contains(" rollout ")), "no change: " + ops.calls());
            }

            OpsProcess ops = ops("crypto-finish");
            Files.writeString(ops.dir.resolve("secrets/BI_CRYPTO_KEY"), b64("current-key"));
            OpsProcess.Result leke = ops.run("rotate", "test", "crypto-key", "finish", "--prometheus", prometheus.url);
            assertEquals(OpsException.FAILED, leke.exit(), "bi-api-leke's webhook secrets have no re-sealing: " + leke.out() + leke.err());
            assertTrue(leke.err().contains("--leke-secrets-reentered"), leke.err());
            OpsProcess.Result r = ops.run("rotate", "test", "crypto-key", "finish", "--prometheus", prometheus.url, "--leke-secrets-reentered");
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().contains("re-seal check: 2 pods reporting, max 0, min 0"), r.out());
            JsonNode data = patch(ops);
            assertTrue(data.has("BI_CRYPTO_KEY_PREVIOUS") && data.get("BI_CRYPTO_KEY_PREVIOUS").isNull());
            assertFalse(data.has("BI_CRYPTO_KEY"), "the current key stays");
        }
    }

    @Test
    void cryptoKeyRestartsOnlyWhatReadsIt() throws Exception {
        OpsProcess ops = ops("crypto");
        Files.writeString(ops.dir.resolve("secrets/BI_CRYPTO_KEY"), b64(Base64.getEncoder().encodeToString(new byte[32])));
        OpsProcess.Result r = ops.run("rotate", "test", "crypto-key", "start", "--dry-run");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(ops.calls().stream().noneMatch(c -> c.contains(" patch ") || c.contains(" rollout ")), "dry run: reads only");
        List<String> restarts = r.out().lines().filter(l -> l.startsWith("DRY-RUN would run: ") && l.contains("rollout restart"))
                .map(l -> l.replaceAll(".*deployment/", "")).toList();
        // what seals secrets with SecretBox: the connectors' credentials and bi-notify's channel secrets
        assertEquals(List.of("bi-api-jushuitan", "bi-api-leke", "bi-notify"), restarts.stream().sorted().toList(),
                "only what reads BI_CRYPTO_KEY restarts");
        OpsProcess.Result nacos = ops.run("rotate", "test", "nacos", "start");
        assertEquals(OpsException.USAGE, nacos.exit());
        assertTrue(nacos.err().contains("rotate nacos needs the Nacos admin connection"), nacos.err());
    }
}
