package com.bi.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.bi.nacos.server.NacosServer;
import com.bi.nacos.server.NacosServerExtension;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code bi-ops backup <env>} and {@code restore <env>} with their Nacos part against a real Nacos 2.3.2 (its own
 * JVM, bi-nacos-server): bi-ops runs as the operator runs it, its Nacos step is scripts/nacos-backup.sh and
 * scripts/nacos-restore.sh (bi-nacos-cli's jar). The database part needs one schema, so bi-sys's is migrated into a
 * database of this test's own on the test PostgreSQL.
 */
@ExtendWith(NacosServerExtension.class)
class NacosBackupRestoreTest {
    static final String DB = "bi_ops_nacos_" + ProcessHandle.current().pid();

    static String url() {
        return RestoreDrillTest.URL.replaceFirst("/[^/?]+(\\?|$)", "/" + DB + "$1");
    }

    @BeforeAll
    static void createDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(RestoreDrillTest.URL, RestoreDrillTest.USER, RestoreDrillTest.PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DB);
        }
        Flyway.configure().dataSource(url(), RestoreDrillTest.USER, RestoreDrillTest.PASSWORD).schemas("sys").defaultSchema("sys")
                .createSchemas(true).locations("filesystem:" + RestoreDrillTest.MIGRATIONS.resolve("bi-sys/src/main/resources/db/migration/bi-sys"))
                .load().migrate();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(RestoreDrillTest.URL, RestoreDrillTest.USER, RestoreDrillTest.PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
        }
    }

    static OpsProcess ops(String name, NacosServer nacos, String namespace) throws Exception {
        OpsProcess ops = new OpsProcess(Path.of("target/nacos-" + name));
        String hostPort = RestoreDrillTest.URL.replaceFirst("^jdbc:postgresql://([^/]+)/.*$", "$1");
        ops.env.put("PGHOST", hostPort.split(":")[0]);
        ops.env.put("PGPORT", hostPort.contains(":") ? hostPort.split(":")[1] : "5432");
        ops.env.put("PGDATABASE", DB);
        ops.env.put("PGUSER", RestoreDrillTest.USER);
        ops.env.put("PGPASSWORD", RestoreDrillTest.PASSWORD);
        ops.env.put("BI_OPS_BACKUP_DIR", ops.dir.resolve("backups").toString());
        ops.env.put("NACOS_SERVER_ADDR", nacos.serverAddr());
        ops.env.put("NACOS_NAMESPACE", namespace);
        ops.env.put("NACOS_USERNAME", NacosServer.ADMIN);
        ops.env.put("NACOS_PASSWORD", NacosServerExtension.PASSWORD);
        return ops;
    }

    @Test
    void backupThenRestoreBringsBackTheNacosConfigsAsTheyWere(NacosServer nacos) throws Exception {
        String namespace = "bi-ops-" + UUID.randomUUID().toString().substring(0, 8);
        NacosConfigs configs = new NacosConfigs(nacos, namespace);
        Map<String, String> published = new LinkedHashMap<>();
        published.put("bi-sys.yaml", "bi:\n  sys:\n    login-attempts: 5\n");
        published.put("bi-basic.yaml", "bi:\n  basic:\n    page-size: 50\n    note: \"ünïcode & = ? kept\"\n");
        published.put("bi-common.yaml", "bi:\n  http:\n    max-payload: 1048576\n");
        published.forEach(configs::publish);

        OpsProcess ops = ops("backup-restore", nacos, namespace);
        OpsProcess.Result backup = ops.run("backup", "dev", "--services", "bi-sys");
        assertEquals(0, backup.exit(), backup.out() + backup.err());
        assertTrue(backup.out().matches("(?s).*\\n  nacos +\\d+ bytes.*"), backup.out());
        Path dir = BackupCommand.complete(ops.dir.resolve("backups/dev")).getLast();
        BackupManifest manifest = BackupManifest.read(dir);
        assertEquals(1, manifest.files().stream().filter(e -> e.kind().equals("nacos")).count(), manifest.toString());

        // after the backup: one config altered, one deleted
        configs.publish("bi-sys.yaml", "bi:\n  sys:\n    login-attempts: 500\n");
        configs.delete("bi-basic.yaml");
        assertEquals(null, configs.get("bi-basic.yaml"));

        OpsProcess.Result restore = ops.run("restore", "dev", "--no-scale", "--confirm", "dev");
        assertEquals(0, restore.exit(), restore.out() + restore.err());
        assertTrue(restore.out().contains("nacos      restored in"), restore.out());
        for (Map.Entry<String, String> e : published.entrySet()) {
            assertEquals(e.getValue(), configs.get(e.getKey()), e.getKey() + " as it was at the backup");
        }
    }

    @Test
    void aBackupWithoutNacosConnectionIsRefusedBeforeAnythingIsWritten(NacosServer nacos) throws Exception {
        OpsProcess ops = ops("no-addr", nacos, "unused");
        ops.env.remove("NACOS_SERVER_ADDR");
        OpsProcess.Result r = ops.run("backup", "dev", "--services", "bi-sys");
        assertEquals(OpsException.USAGE, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("NACOS_SERVER_ADDR is not set"), r.err());
        assertTrue(BackupCommand.complete(ops.dir.resolve("backups/dev")).isEmpty());
    }

    @Test
    void aWrongNacosPasswordFailsTheBackupAndLeavesNoCompleteBackup(NacosServer nacos) throws Exception {
        OpsProcess ops = ops("bad-password", nacos, "unused");
        ops.env.put("NACOS_PASSWORD", "not-the-password");
        OpsProcess.Result r = ops.run("backup", "dev", "--services", "bi-sys");
        assertEquals(OpsException.FAILED, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("Nacos backup"), r.err());
        assertTrue(BackupCommand.complete(ops.dir.resolve("backups/dev")).isEmpty(), "no manifest written for a failed backup");
    }
}
