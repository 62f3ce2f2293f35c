package com.bi.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * rotate db against the real PostgreSQL of the tests: the plan's SQL runs through the real psql as the admin, and the
 * test logs in with the service's old and new credentials at every step (no moment where the pods' credential is
 * refused until finish retires the old one). kubectl and helm are recording stubs: the Secret patches and the upgrade's
 * values overlay are checked from what they received.
 */
class DbRotationTest {
    static final String ADMIN_URL = System.getenv().getOrDefault("BI_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5433/bi_test");
    static final String ADMIN = System.getenv().getOrDefault("BI_TEST_DB_USER", "postgres");
    static final String ADMIN_PASSWORD = System.getenv().getOrDefault("BI_TEST_DB_PASSWORD", "");
    static final String OLD_PASSWORD = "old-service-password-0123";
    static final String OWNER = "bi_rot_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    static final String SCHEMA = OWNER + "_data";

    @BeforeAll
    static void ownerWithData() throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, ADMIN, ADMIN_PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + OWNER + " LOGIN PASSWORD '" + OLD_PASSWORD + "'");
            s.execute("CREATE SCHEMA " + SCHEMA + " AUTHORIZATION " + OWNER);
            s.execute("GRANT CONNECT, CREATE ON DATABASE " + ADMIN_URL.replaceAll(".*/", "") + " TO " + OWNER);
        }
        try (Connection c = DriverManager.getConnection(ADMIN_URL, OWNER, OLD_PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + SCHEMA + ".users (id int primary key, name text)");
            s.execute("INSERT INTO " + SCHEMA + ".users VALUES (1, 'alice')");
        }
    }

    @AfterAll
    static void drop() throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, ADMIN, ADMIN_PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            try (ResultSet r = s.executeQuery("SELECT rolname FROM pg_roles WHERE rolname LIKE '" + OWNER + "%'")) {
                List<String> roles = new ArrayList<>();
                while (r.next()) {
                    roles.add(r.getString(1));
                }
                for (String role : roles) {
                    s.execute("REVOKE ALL ON DATABASE " + ADMIN_URL.replaceAll(".*/", "") + " FROM " + role);
                }
                for (String role : roles.reversed()) {
                    s.execute("DROP ROLE IF EXISTS " + role);
                }
            }
        }
    }

    static OpsProcess ops(String name) throws Exception {
        OpsProcess ops = new OpsProcess(Path.of("target/db-rotation-" + name));
        URI u = URI.create(ADMIN_URL.substring("jdbc:".length()));
        ops.env.put("PGPASSWORD", ADMIN_PASSWORD);
        ops.env.put("PGHOST", u.getHost());
        ops.env.put("PGPORT", String.valueOf(u.getPort()));
        ops.env.put("PGDATABASE", u.getPath().substring(1));
        ops.env.put("PGUSER", ADMIN);
        Path patches = Files.createDirectories(ops.dir.resolve("patches"));
        Path kubectl = ops.dir.resolve("kubectl-db");
        Files.writeString(kubectl, """
                #!/usr/bin/env bash
                printf 'kubectl %%s\\n' "$*" >>'%1$s'
                for a in "$@"; do
                  case "$a" in
                    --patch-file=*) cp "${a#--patch-file=}" '%2$s'/"$(date +%%s%%N).json";;
                    --output=jsonpath=\\{.items*) echo bi-sys-blue bi-sys-green;;
                  esac
                done
                exit 0
                """.formatted(ops.log, patches));
        assertTrue(kubectl.toFile().setExecutable(true));
        ops.env.put("BI_OPS_KUBECTL", kubectl.toString());
        ops.env.put("BI_OPS_STATE_DIR", Path.of("target/db-rotation-state").toAbsolutePath().toString());
        return ops;
    }

    static JsonNode lastPatch(OpsProcess ops) throws Exception {
        try (var files = Files.list(ops.dir.resolve("patches"))) {
            Path last = files.sorted().toList().getLast();
            return new ObjectMapper().readTree(last.toFile()).path("data");
        }
    }

    /** Logs in as the role and answers who the session acts as and what it reads. */
    static String session(String role, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, role, password); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT current_user, (SELECT name FROM " + SCHEMA + ".users WHERE id = 1)")) {
            r.next();
            return r.getString(1) + " " + r.getString(2);
        }
    }

    @Test
    void twoRotationsKeepEveryCredentialWorkingUntilItsFinish() throws Exception {
        PrometheusServer.deleteTree(Path.of("target/db-rotation-state"));
        String[] common = {"--service", "bi-sys", "--owner", OWNER};

        // start: a new login role acting as the owner, its password in a new Secret key, the overlay naming both
        OpsProcess start = ops("start-1");
        OpsProcess.Result r = start.run(concat(new String[] {"rotate", "test", "db", "start"}, common));
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode patch = lastPatch(start);
        String key = patch.fieldNames().next();
        assertTrue(key.matches("BI_DB_PASSWORD_BI_SYS_R\\d{14}"), key);
        String newPassword = new String(Base64.getDecoder().decode(patch.path(key).asText()));
        String newRole = OWNER + "_r" + key.substring(key.length() - 14);
        assertFalse((r.out() + r.err() + start.logText()).contains(newPassword), "the new password is never printed");
        assertTrue(r.out().contains("PASSWORD '<new, not printed>'"), r.out());
        assertEquals(OWNER + " alice", session(newRole, newPassword), "the new login acts as the owner and reads its data");
        assertEquals(OWNER + " alice", session(OWNER, OLD_PASSWORD), "pods not yet replaced keep logging in");
        String upgrade = start.logText();
        Path overlay = Path.of("target/db-rotation-state/test/db-bi-sys.yaml").toAbsolutePath();
        assertTrue(upgrade.matches("(?s).*helm upgrade --install bi-platform .* -f " + overlay + " .*"), "the upgrade gets the overlay: " + upgrade);
        String values = Files.readString(overlay);
        assertTrue(values.contains("user: " + newRole) && values.contains("passwordKey: " + key), values);
        assertTrue(upgrade.indexOf("patch secret bi-platform-secrets") < upgrade.indexOf("helm upgrade"), "the key exists before pods need it");

        // a second start before finish is refused
        OpsProcess again = ops("start-again");
        OpsProcess.Result refused = again.run(concat(new String[] {"rotate", "test", "db", "start"}, common));
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("in progress"), refused.err());

        // finish: waits for both tracks' rollouts, then the owner loses its login and the old key goes
        OpsProcess finish = ops("finish-1");
        r = finish.run(concat(new String[] {"rotate", "test", "db", "finish"}, common));
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> calls = finish.calls();
        int waitGreen = calls.indexOf("kubectl --namespace=bi-test rollout status deployment/bi-sys-green --timeout=10m");
        int patched = DeployPreflightTest.indexOf(calls, "kubectl --namespace=bi-test patch secret bi-platform-secrets");
        assertTrue(waitGreen >= 0 && waitGreen < patched, calls.toString());
        assertTrue(lastPatch(finish).path("BI_DB_PASSWORD_BI_SYS").isNull(), "the old key is removed: " + lastPatch(finish));
        SQLException gone = assertThrows(SQLException.class, () -> session(OWNER, OLD_PASSWORD));
        assertTrue(gone.getMessage().contains("not permitted to log in") || gone.getMessage().contains("password authentication failed"), gone.getMessage());
        assertEquals(OWNER + " alice", session(newRole, newPassword));

        // the next rotation retires the first rotation role by dropping it (it owns nothing: its sessions act as the owner)
        Thread.sleep(1100);
        OpsProcess start2 = ops("start-2");
        r = start2.run(concat(new String[] {"rotate", "test", "db", "start"}, common));
        assertEquals(0, r.exit(), r.out() + r.err());
        String key2 = lastPatch(start2).fieldNames().next();
        String password2 = new String(Base64.getDecoder().decode(lastPatch(start2).path(key2).asText()));
        String role2 = OWNER + "_r" + key2.substring(key2.length() - 14);
        assertEquals(OWNER + " alice", session(newRole, newPassword), "still working until its finish");
        r = ops("finish-2").run(concat(new String[] {"rotate", "test", "db", "finish"}, common));
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals(OWNER + " alice", session(role2, password2));
        assertThrows(SQLException.class, () -> session(newRole, newPassword));
        try (Connection c = DriverManager.getConnection(ADMIN_URL, ADMIN, ADMIN_PASSWORD); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname = '" + newRole + "'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the first rotation role is dropped");
        }
    }

    @Test
    void thePlanNeverLetsAPasswordOrRoleNameBreakOutOfItsLiteral() {
        DbRotation.Plan p = DbRotation.start("bi-sys", "bi_sys", DbRotation.chartDefault("bi-sys"), Instant.parse("2026-12-02T04:00:00Z"), "a'b");
        assertEquals("CREATE ROLE \"bi_sys_r20261202040000\" LOGIN PASSWORD 'a''b' IN ROLE \"bi_sys\"", p.sql().getFirst());
        assertEquals("BI_DB_PASSWORD_BI_SYS_R20261202040000", p.to().passwordKey());
        assertThrows(OpsException.class, () -> DbRotation.start("bi-sys", "bi_sys\"; DROP", DbRotation.chartDefault("bi-sys"), Instant.now(), "x"));
        DbRotation.Plan f = DbRotation.finish("bi-sys", "bi_sys", new DbRotation.Login("bi_sys", "K"), p.to());
        assertFalse(String.join(";", f.sql()).contains("DROP ROLE"), "the owner role is never dropped: " + f.sql());
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
