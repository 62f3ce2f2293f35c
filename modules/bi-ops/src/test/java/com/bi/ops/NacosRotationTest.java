package com.bi.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.bi.nacos.server.NacosServer;
import com.bi.nacos.server.NacosServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * rotate nacos against a real Nacos 2.3.2 (bi-nacos-server, its own JVM): the services' user {@code bi-test} (the
 * chart's test values) with a role reading and writing one namespace; bi-ops creates, checks and deletes users
 * through Nacos's auth API, and the test logs in with the old and the new credentials at every step and reads a
 * config with them. The cluster side is the boundary: real helm renders who reads the key, a kubectl stub keeps the
 * Secret patches, helm upgrade is recorded.
 */
@ExtendWith(NacosServerExtension.class)
class NacosRotationTest {
    static final String USER = "bi-test";
    static final String OLD_PASSWORD = "old-nacos-password-0123";
    static final String NAMESPACE = "bi-rot-" + UUID.randomUUID().toString().substring(0, 8);
    static final String DATA_ID = "bi-sys-test.yaml";
    static final String CONTENT = "bi:\n  sys:\n    login-attempts: 7\n";
    static final Path STATE = Path.of("target/nacos-rotation-state").toAbsolutePath();

    @BeforeAll
    static void servicesUserWithARole(NacosServer nacos) throws Exception {
        NacosConfigs.adminPost(nacos, "/v1/auth/users", "username=" + USER + "&password=" + OLD_PASSWORD);
        NacosConfigs.adminPost(nacos, "/v1/auth/roles", "role=bi-test-rw&username=" + USER);
        NacosConfigs.adminPost(nacos, "/v1/auth/permissions", "role=bi-test-rw&resource=" + NAMESPACE + ":*:*&action=rw");
        new NacosConfigs(nacos, NAMESPACE).publish(DATA_ID, CONTENT);
        PrometheusServer.deleteTree(STATE);
        release(STATE);
    }

    /** The image pin every render of the chart needs (what bi-ops deploy keeps in the state). */
    static void release(Path state) throws Exception {
        Files.createDirectories(state.resolve("test"));
        Files.writeString(state.resolve("test/release.yaml"), "global:\n  imageTag: 1.4.0-0a1b2c3\n");
    }

    static OpsProcess ops(String name, NacosServer nacos) throws Exception {
        OpsProcess ops = OfflineChart.ops("nacos-rotation-" + name);
        Path patches = Files.createDirectories(ops.dir.resolve("patches"));
        Path kubectl = ops.dir.resolve("kubectl-nacos");
        Files.writeString(kubectl, """
                #!/usr/bin/env bash
                printf 'kubectl %%s\\n' "$*" >>'%1$s'
                for a in "$@"; do
                  case "$a" in
                    --patch-file=*) cp "${a#--patch-file=}" '%2$s'/"$(date +%%s%%N).json";;
                  esac
                done
                exit 0
                """.formatted(ops.log, patches));
        assertTrue(kubectl.toFile().setExecutable(true));
        ops.env.put("BI_OPS_KUBECTL", kubectl.toString());
        // the real helm renders; an upgrade (the cluster side) is only recorded
        Path helm = ops.dir.resolve("helm-nacos");
        Files.writeString(helm, """
                #!/usr/bin/env bash
                if [ "${1:-}" = upgrade ]; then printf 'helm %%s\\n' "$*" >>'%1$s'; exit 0; fi
                exec '%2$s' "$@"
                """.formatted(ops.log, OfflineChart.helm()));
        assertTrue(helm.toFile().setExecutable(true));
        ops.env.put("BI_OPS_HELM", helm.toString());
        ops.env.put("BI_OPS_STATE_DIR", STATE.toString());
        ops.env.put("NACOS_SERVER_ADDR", nacos.serverAddr());
        ops.env.put("NACOS_USERNAME", NacosServer.ADMIN);
        ops.env.put("NACOS_PASSWORD", NacosServerExtension.PASSWORD);
        return ops;
    }

    static List<JsonNode> patches(OpsProcess ops) throws Exception {
        try (var files = Files.list(ops.dir.resolve("patches"))) {
            ObjectMapper json = new ObjectMapper();
            return files.sorted().map(p -> {
                try {
                    return json.readTree(p.toFile()).path("data");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).toList();
        }
    }

    /** What the user reads of the config with its own login; null when Nacos refuses the login. */
    static String readAs(NacosServer nacos, String user, String password) {
        String token = NacosConfigs.login(nacos, user, password);
        if (token == null) {
            return null;
        }
        var r = new NacosConfigs(nacos, NAMESPACE).read(DATA_ID, token);
        return r.statusCode() == 200 ? r.body() : "HTTP " + r.statusCode();
    }

    @Test
    void twoRotationsKeepEveryLoginWorkingUntilItsFinish(NacosServer nacos) throws Exception {
        assertEquals(CONTENT, readAs(nacos, USER, OLD_PASSWORD), "the services' user reads its namespace before any rotation");

        // dry run: Nacos is read, every step printed, nothing changed
        OpsProcess dry = ops("dry", nacos);
        OpsProcess.Result d = dry.run("rotate", "test", "nacos", "start", "--dry-run");
        assertEquals(0, d.exit(), d.out() + d.err());
        assertTrue(d.out().contains("would nacos create user bi-test-r"), d.out());
        assertTrue(d.out().contains("would nacos bind role bi-test-rw to bi-test-r"), d.out());
        assertTrue(d.out().contains("permission bi-test-rw " + NAMESPACE + ":*:* rw"), d.out());
        assertTrue(d.out().contains("<new password, not printed>"), d.out());
        assertTrue(patches(dry).isEmpty() && !dry.logText().contains("helm upgrade"), dry.logText());
        assertFalse(NacosConfigs.users(nacos, "bi-test-r").contains("bi-test-r"), "no user created by a dry run");
        assertFalse(Files.exists(STATE.resolve("test/nacos.previous")));

        // start: a second user with the same role, its password in a new Secret key, the overlay naming both
        OpsProcess start = ops("start-1", nacos);
        OpsProcess.Result r = start.run("rotate", "test", "nacos", "start");
        assertEquals(0, r.exit(), r.out() + r.err());
        List<JsonNode> p = patches(start);
        assertEquals(1, p.size());
        String key = p.getFirst().fieldNames().next();
        assertTrue(key.matches("NACOS_PASSWORD_R\\d{14}"), key);
        String newUser = USER + "-r" + key.substring(key.length() - 14);
        String newPassword = new String(Base64.getDecoder().decode(p.getFirst().path(key).asText()));
        assertFalse((r.out() + r.err() + start.logText()).contains(newPassword), "the new password is never printed");
        assertEquals(CONTENT, readAs(nacos, newUser, newPassword), "the new user logs in and reads the services' config");
        assertEquals(CONTENT, readAs(nacos, USER, OLD_PASSWORD), "pods not yet replaced keep logging in");
        Path overlay = STATE.resolve("test/nacos.yaml");
        String values = Files.readString(overlay);
        assertTrue(values.contains("username: " + newUser) && values.contains("passwordKey: " + key), values);
        String log = start.logText();
        assertTrue(log.matches("(?s).*helm upgrade --install bi-platform .* -f " + overlay + " .*"), "the upgrade gets the overlay: " + log);
        assertTrue(log.indexOf("patch secret bi-platform-secrets") < log.indexOf("helm upgrade"), "the key exists before pods need it");
        // what the upgrade renders: every pod reading NACOS_PASSWORD now takes it from the new key
        String rendered = new String(new ProcessBuilder(OfflineChart.helm(), "template", "bi-platform", OfflineChart.get().toString(),
                "-f", OpsProcess.ROOT.resolve("charts/bi-platform/values-test.yaml").toString(), "-f", STATE.resolve("test/release.yaml").toString(), "-f", overlay.toString())
                .redirectErrorStream(true).start().getInputStream().readAllBytes());
        assertTrue(rendered.contains("key: " + key), "pods read the new key");
        assertFalse(rendered.contains("key: NACOS_PASSWORD\n"), "no pod reads the old key");
        assertTrue(rendered.contains("NACOS_USERNAME: \"" + newUser + "\""), "pods log in as the new user");

        // a second start before finish is refused, nothing changed
        OpsProcess again = ops("start-again", nacos);
        OpsProcess.Result twice = again.run("rotate", "test", "nacos", "start");
        assertEquals(OpsException.FAILED, twice.exit());
        assertTrue(twice.err().contains("a nacos rotation is in progress"), twice.err());
        assertTrue(patches(again).isEmpty());

        // finish: waits for every reader's rollout, then the old user is gone; the chart's NACOS_PASSWORD key stays
        OpsProcess finish = ops("finish-1", nacos);
        OpsProcess.Result f = finish.run("rotate", "test", "nacos", "finish");
        assertEquals(0, f.exit(), f.out() + f.err());
        List<String> waited = finish.calls().stream().filter(c -> c.contains(" rollout status deployment/")).toList();
        assertTrue(waited.size() >= 2 && waited.stream().anyMatch(c -> c.contains("deployment/bi-sys")), waited.toString());
        assertNull(readAs(nacos, USER, OLD_PASSWORD), "the old user can no longer log in");
        assertEquals(CONTENT, readAs(nacos, newUser, newPassword), "the new user still reads");
        assertTrue(patches(finish).isEmpty(), "NACOS_PASSWORD is the chart's default key: kept");
        assertFalse(Files.exists(STATE.resolve("test/nacos.previous")));

        // a second rotation starts from the rotated user (not suffixed twice) and its finish removes the rotation's key
        Thread.sleep(1100); // users and keys are named by the second
        OpsProcess start2 = ops("start-2", nacos);
        OpsProcess.Result r2 = start2.run("rotate", "test", "nacos", "start");
        assertEquals(0, r2.exit(), r2.out() + r2.err());
        String key2 = patches(start2).getFirst().fieldNames().next();
        String user2 = USER + "-r" + key2.substring(key2.length() - 14);
        String password2 = new String(Base64.getDecoder().decode(patches(start2).getFirst().path(key2).asText()));
        assertEquals(CONTENT, readAs(nacos, user2, password2));
        assertEquals(CONTENT, readAs(nacos, newUser, newPassword), "the first rotation's user still logs in until finish");
        OpsProcess finish2 = ops("finish-2", nacos);
        OpsProcess.Result f2 = finish2.run("rotate", "test", "nacos", "finish");
        assertEquals(0, f2.exit(), f2.out() + f2.err());
        assertNull(readAs(nacos, newUser, newPassword), "the first rotation's user is gone");
        assertEquals(CONTENT, readAs(nacos, user2, password2));
        List<JsonNode> removed = patches(finish2);
        assertEquals(1, removed.size());
        assertTrue(removed.getFirst().has(key) && removed.getFirst().path(key).isNull(), "the first rotation's key is removed: " + removed);

        // nothing in progress: finish is refused
        OpsProcess.Result none = ops("finish-none", nacos).run("rotate", "test", "nacos", "finish");
        assertEquals(OpsException.FAILED, none.exit());
        assertTrue(none.err().contains("no nacos rotation in progress"), none.err());
    }

    @Test
    void aRefusedAdminLoginOrNoConnectionChangesNothing(NacosServer nacos) throws Exception {
        OpsProcess ops = ops("as-services-user", nacos);
        ops.env.put("BI_OPS_STATE_DIR", ops.dir.resolve("state").toString());
        release(ops.dir.resolve("state"));
        ops.env.put("NACOS_USERNAME", USER);
        ops.env.put("NACOS_PASSWORD", "wrong");
        OpsProcess.Result r = ops.run("rotate", "test", "nacos", "start");
        assertEquals(OpsException.FAILED, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("refused the login of bi-test"), r.err());
        assertTrue(patches(ops).isEmpty() && !ops.logText().contains("helm upgrade"));
        OpsProcess noAddr = ops("no-connection", nacos);
        noAddr.env.remove("NACOS_SERVER_ADDR");
        OpsProcess.Result u = noAddr.run("rotate", "test", "nacos", "start", "--dry-run");
        assertEquals(OpsException.USAGE, u.exit());
        assertTrue(u.err().contains("NACOS_SERVER_ADDR, NACOS_USERNAME, NACOS_PASSWORD"), u.err());
    }

    @Test
    void startRefusesWhatCannotBeCopiedBeforeAnythingChanges() {
        NacosRotation.Login from = new NacosRotation.Login("bi-prod", "NACOS_PASSWORD");
        NacosRotation.Login to = NacosRotation.next(from, Instant.parse("2026-12-02T05:55:00Z"));
        assertEquals(new NacosRotation.Login("bi-prod-r20261202055500", "NACOS_PASSWORD_R20261202055500"), to);
        assertEquals("bi-prod-r20261202060000", NacosRotation.next(to, Instant.parse("2026-12-02T06:00:00Z")).username(), "not suffixed twice");
        List<NacosAuth.Permission> rw = List.of(new NacosAuth.Permission("bi-prod-rw", "bi-prod:*:*", "rw"));
        assertTrue(assertThrows(OpsException.class, () -> NacosRotation.start(from, to, "nacos", List.of(NacosRotation.ADMIN_ROLE), rw, "s"))
                .getMessage().contains("ROLE_ADMIN"));
        assertTrue(assertThrows(OpsException.class, () -> NacosRotation.start(from, to, "nacos", List.of(), rw, "s"))
                .getMessage().contains("has no role"));
        assertTrue(assertThrows(OpsException.class, () -> NacosRotation.start(from, to, "nacos", List.of("bi-prod-rw"), List.of(), "s"))
                .getMessage().contains("carry no permission"));
        assertEquals(OpsException.USAGE, assertThrows(OpsException.class,
                () -> NacosRotation.start(from, to, "bi-prod", List.of("bi-prod-rw"), rw, "s")).exitCode());
        NacosRotation.Plan plan = NacosRotation.start(from, to, "nacos", List.of("bi-prod-rw"), rw, "bi-platform-secrets");
        assertEquals(List.of("nacos create user bi-prod-r20261202055500 (password: new, 32 random bytes, not printed)",
                "nacos bind role bi-prod-rw to bi-prod-r20261202055500", "nacos log in as bi-prod-r20261202055500 (must answer 200)",
                "kubectl patch secret bi-platform-secrets: NACOS_PASSWORD_R20261202055500 := <new password, not printed>",
                "write the state overlay: global.nacos.username=bi-prod-r20261202055500, global.nacos.passwordKey=NACOS_PASSWORD_R20261202055500",
                "helm upgrade (rolling restart; pods not yet replaced keep bi-prod)"), plan.steps());
    }
}
