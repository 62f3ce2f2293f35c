package com.bi.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The restore drill against the real PostgreSQL (the team's test cluster, BI_TEST_DB_*): the sys and analysis
 * schemas created by the services' own Flyway migrations, filled, backed up with bi-ops, destroyed, restored —
 * and the platform's answers (a metric from bi-analysis's rollup, the facts' distinct buyers, a login's user row)
 * are the same. Runs in a database of its own so no other test's schema is touched.
 */
class RestoreDrillTest {
    static final String URL = env("BI_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5433/bi_test");
    static final String USER = env("BI_TEST_DB_USER", "postgres");
    static final String PASSWORD = env("BI_TEST_DB_PASSWORD", "bi-test-password");
    static final String DB = "bi_ops_drill_" + ProcessHandle.current().pid();
    static final Path MIGRATIONS = OpsProcess.ROOT.resolve("modules");

    static String env(String k, String d) {
        String v = System.getenv(k);
        return v == null || v.isBlank() ? d : v;
    }

    static String drillUrl() {
        return URL.replaceFirst("/[^/?]+(\\?|$)", "/" + DB + "$1");
    }

    @BeforeAll
    static void createDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DB);
        }
        migrate("sys", "bi-sys");
        migrate("analysis", "bi-analysis");
        try (Connection c = drill(); Statement s = c.createStatement()) {
            // a login's user row, as bi-sys stores it
            s.execute("INSERT INTO sys.users (tenant_id, username, display_name, password_hash, roles) VALUES "
                    + "('t-1', 'alice', 'Alice', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo', 'tenant-admin'),"
                    + "('t-2', 'bob', 'Bob', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdDI$aGFzaDI', 'viewer')");
            // 3000 orders over 30 days for two tenants, and the shop/day rollup bi-analysis keeps beside them
            s.execute("""
                    INSERT INTO analysis.order_fact (tenant_id, source, external_order_id, shop_id, platform, order_time, pay_time,
                        status, counted, pay_day, buyer_hash, pay_amount, freight, discount, refund_amount, units, modified_time, version)
                    SELECT CASE WHEN i % 7 = 0 THEN 't-2' ELSE 't-1' END, 'leke', 'o-' || i, 'shop-' || (i % 4), 'tmall',
                           timestamptz '2026-11-01 02:00+00' + (i % 30) * interval '1 day',
                           timestamptz '2026-11-01 02:05+00' + (i % 30) * interval '1 day',
                           'PAID', i % 11 <> 0, date '2026-11-01' + (i % 30), 'buyer-' || (i % 700),
                           (10 + i % 97)::numeric + 0.5, 5, 0, 0, 1 + i % 3, now(), 1
                    FROM generate_series(1, 3000) AS i
                    """);
            s.execute("""
                    INSERT INTO analysis.rollup_shop_day (tenant_id, day, shop_id, platform, gmv, orders, units, refund_amount)
                    SELECT tenant_id, pay_day, shop_id, platform, sum(pay_amount), count(*), sum(units), sum(refund_amount)
                    FROM analysis.order_fact WHERE counted GROUP BY tenant_id, pay_day, shop_id, platform
                    """);
        }
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
        }
    }

    static void migrate(String schema, String service) {
        Flyway.configure().dataSource(drillUrl(), USER, PASSWORD).schemas(schema).defaultSchema(schema).createSchemas(true)
                .locations("filesystem:" + MIGRATIONS.resolve(service + "/src/main/resources/db/migration/" + service))
                .load().migrate();
    }

    static Connection drill() throws Exception {
        return DriverManager.getConnection(drillUrl(), USER, PASSWORD);
    }

    /** The answers the platform gives: bi-analysis's GMV/orders per day from its rollup, distinct buyers from the facts, alice's user row. */
    static List<String> answers() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = drill()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT r.day, sum(r.gmv), sum(r.orders), sum(r.units) FROM analysis.rollup_shop_day r "
                    + "WHERE r.tenant_id = ? AND r.day BETWEEN ? AND ? GROUP BY r.day ORDER BY r.day")) {
                ps.setString(1, "t-1");
                ps.setObject(2, java.time.LocalDate.parse("2026-11-01"));
                ps.setObject(3, java.time.LocalDate.parse("2026-11-30"));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add("metric " + rs.getString(1) + " gmv=" + rs.getBigDecimal(2) + " orders=" + rs.getLong(3) + " units=" + rs.getLong(4));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(DISTINCT buyer_hash) FROM analysis.order_fact WHERE tenant_id = ? AND counted AND pay_day BETWEEN ? AND ?")) {
                ps.setString(1, "t-1");
                ps.setObject(2, java.time.LocalDate.parse("2026-11-01"));
                ps.setObject(3, java.time.LocalDate.parse("2026-11-30"));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out.add("buyers " + rs.getLong(1));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id, tenant_id, username, display_name, password_hash, roles, enabled, "
                    + "failed_logins, version FROM sys.users WHERE tenant_id = ? AND username = ?")) {
                ps.setString(1, "t-1");
                ps.setString(2, "alice");
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "alice exists");
                    StringBuilder sb = new StringBuilder("login");
                    for (int i = 1; i <= 9; i++) {
                        sb.append(' ').append(rs.getString(i));
                    }
                    out.add(sb.toString());
                }
            }
        }
        return out;
    }

    static OpsProcess ops(String name) throws Exception {
        OpsProcess ops = new OpsProcess(Path.of("target/drill-" + name));
        String hostPort = URL.replaceFirst("^jdbc:postgresql://([^/]+)/.*$", "$1");
        ops.env.put("PGHOST", hostPort.split(":")[0]);
        ops.env.put("PGPORT", hostPort.contains(":") ? hostPort.split(":")[1] : "5432");
        ops.env.put("PGDATABASE", DB);
        ops.env.put("PGUSER", USER);
        ops.env.put("PGPASSWORD", PASSWORD);
        ops.env.put("BI_OPS_BACKUP_DIR", ops.dir.resolve("backups").toString());
        return ops;
    }

    static long millis(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        assertTrue(m.find(), regex + " in " + out);
        return Long.parseLong(m.group(1));
    }

    @Test
    void backupDestroyRestoreGivesTheSameAnswers() throws Exception {
        List<String> before = answers();
        assertEquals(32, before.size(), "30 days, buyers, login: " + before);

        OpsProcess ops = ops("same-answers");
        OpsProcess.Result backup = ops.run("backup", "dev", "--services", "bi-sys,bi-analysis", "--skip-nacos");
        assertEquals(0, backup.exit(), backup.out() + backup.err());
        Path dir = BackupCommand.complete(ops.dir.resolve("backups/dev")).getLast();
        BackupManifest m = BackupManifest.read(dir);
        assertEquals(List.of("sys.dump", "analysis.dump"), m.files().stream().map(BackupManifest.Entry::name).toList());
        for (BackupManifest.Entry e : m.files()) {
            assertEquals(BackupManifest.sha256(dir.resolve(e.name())), e.sha256());
            // pg_dump's custom format starts with PGDMP
            assertEquals("PGDMP", new String(Files.readAllBytes(dir.resolve(e.name())), 0, 5, java.nio.charset.StandardCharsets.US_ASCII));
        }

        // disaster: bi-sys's schema is gone, bi-analysis lost a tenant's rollup and gained a stray table
        try (Connection c = drill(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA sys CASCADE");
            s.execute("DELETE FROM analysis.rollup_shop_day WHERE tenant_id = 't-1'");
            s.execute("CREATE TABLE analysis.stray (x int)");
        }
        assertThrowsSql(RestoreDrillTest::answers);

        OpsProcess.Result restore = ops.run("restore", "dev", "--no-scale", "--skip-nacos", "--confirm", "dev");
        assertEquals(0, restore.exit(), restore.out() + restore.err());
        assertEquals(before, answers(), "the platform answers as before the disaster");
        try (Connection c = drill(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'analysis' AND table_name = 'stray'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the schema is the backup's, nothing more");
        }
        // the migrations history came back with the data: Flyway sees nothing to do, and sequences continue
        migrate("sys", "bi-sys");
        migrate("analysis", "bi-analysis");
        try (Connection c = drill(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO sys.users (tenant_id, username, password_hash, roles) VALUES ('t-1', 'carol', 'x', 'viewer')");
            try (ResultSet rs = s.executeQuery("SELECT count(DISTINCT id), count(*) FROM sys.users")) {
                rs.next();
                assertEquals(rs.getInt(2), rs.getInt(1), "no id handed out twice after the restore");
                assertEquals(3, rs.getInt(2));
            }
            s.execute("DELETE FROM sys.users WHERE username = 'carol'");
        }
        long backupMs = millis(backup.out(), "RESULT backup dev complete in (\\d+) ms");
        long restoreMs = millis(restore.out(), "RESULT restore dev from \\S+ complete in (\\d+) ms");
        System.out.printf("restore drill: backup %d ms, restore %d ms, dumps %d bytes%n", backupMs, restoreMs,
                m.files().stream().mapToLong(BackupManifest.Entry::bytes).sum());
    }

    interface SqlCall {
        Object call() throws Exception;
    }

    static void assertThrowsSql(SqlCall call) {
        try {
            call.call();
        } catch (Exception expected) {
            return;
        }
        throw new AssertionError("expected the answers to be gone after the disaster");
    }

    @Test
    void aCorruptBackupIsRefusedBeforeAnythingIsTouched() throws Exception {
        OpsProcess ops = ops("corrupt");
        OpsProcess.Result backup = ops.run("backup", "dev", "--services", "bi-sys", "--skip-nacos");
        assertEquals(0, backup.exit(), backup.out() + backup.err());
        Path dir = BackupCommand.complete(ops.dir.resolve("backups/dev")).getLast();
        byte[] bytes = Files.readAllBytes(dir.resolve("sys.dump"));
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(dir.resolve("sys.dump"), bytes);
        try (Connection c = drill(); Statement s = c.createStatement()) {
            s.execute("UPDATE sys.users SET display_name = 'Alice (changed after the backup)' WHERE username = 'alice'");
        }
        try {
            OpsProcess.Result restore = ops.run("restore", "dev", "--no-scale", "--skip-nacos", "--confirm", "dev");
            assertEquals(OpsException.FAILED, restore.exit());
            assertTrue(restore.err().contains("sys.dump is corrupt"), restore.err());
            assertFalse(restore.out().contains("RUN psql"), "nothing restored: " + restore.out());
            try (Connection c = drill(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT display_name FROM sys.users WHERE username = 'alice'")) {
                rs.next();
                assertEquals("Alice (changed after the backup)", rs.getString(1));
            }
        } finally {
            try (Connection c = drill(); Statement s = c.createStatement()) {
                s.execute("UPDATE sys.users SET display_name = 'Alice' WHERE username = 'alice'");
            }
        }
    }

    @Test
    void restoreWithoutConfirmationIsRefused() throws Exception {
        OpsProcess ops = ops("confirm");
        OpsProcess.Result r = ops.run("restore", "prod", "--skip-nacos");
        assertEquals(OpsException.USAGE, r.exit());
        assertTrue(r.err().contains("add --confirm prod"), r.err());
        OpsProcess.Result wrong = ops.run("restore", "prod", "--skip-nacos", "--confirm", "dev");
        assertEquals(OpsException.USAGE, wrong.exit());
    }

    @Test
    void restoreStopsTheServicesItRestoresAndStartsThemAtTheirReplicas() throws Exception {
        OpsProcess ops = ops("scale");
        assertEquals(0, ops.run("backup", "dev", "--services", "bi-sys", "--skip-nacos").exit());
        ops.answer("kubectl", "get deployments", """
                {"items": [
                  {"metadata": {"name": "bi-sys", "labels": {"app.kubernetes.io/name": "bi-sys"}}, "spec": {"replicas": 3}},
                  {"metadata": {"name": "bi-sys-green", "labels": {"app.kubernetes.io/name": "bi-sys"}}, "spec": {"replicas": 1}},
                  {"metadata": {"name": "bi-analysis", "labels": {"app.kubernetes.io/name": "bi-analysis"}}, "spec": {"replicas": 2}}
                ]}
                """);
        OpsProcess.Result r = ops.run("restore", "dev", "--skip-nacos", "--confirm", "dev");
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> steps = r.out().lines().filter(l -> l.startsWith("RUN ") || l.startsWith("READ ")).map(l -> l.replaceAll("^(RUN|READ) \\S*/", "$1 "))
                .toList();
        assertEquals(List.of(
                "READ kubectl --namespace=bi-dev get deployments --selector=app.kubernetes.io/instance=bi-platform --output=json",
                "RUN kubectl --namespace=bi-dev scale deployment/bi-sys --replicas=0",
                "RUN kubectl --namespace=bi-dev scale deployment/bi-sys-green --replicas=0",
                "RUN kubectl --namespace=bi-dev wait --for=delete pod --selector=app.kubernetes.io/instance=bi-platform,app.kubernetes.io/name=bi-sys --timeout=180s",
                "RUN pg_restore",
                "RUN psql",
                "RUN kubectl --namespace=bi-dev scale deployment/bi-sys --replicas=3",
                "RUN kubectl --namespace=bi-dev scale deployment/bi-sys-green --replicas=1"),
                steps.stream().map(l -> l.startsWith("RUN pg_restore") ? "RUN pg_restore" : l.startsWith("RUN psql") ? "RUN psql" : l).toList());
        assertEquals(before(), answers());
    }

    static List<String> before() throws Exception {
        return answers();
    }

    @Test
    void retentionKeepsTheNewestAndDeletesTheRest() throws Exception {
        OpsProcess ops = ops("retention");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            OpsProcess.Result r = ops.run("backup", "dev", "--services", "bi-sys", "--skip-nacos", "--keep", "2");
            assertEquals(0, r.exit(), r.out() + r.err());
            names.add(BackupCommand.complete(ops.dir.resolve("backups/dev")).getLast().getFileName().toString());
            Thread.sleep(1100); // backups are named by the second
        }
        List<String> left = BackupCommand.complete(ops.dir.resolve("backups/dev")).stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(names.subList(1, 3), left);
        assertNotEquals(names.get(0), left.get(0));
    }
}
