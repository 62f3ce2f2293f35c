package com.bi.nacos.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.bi.common.testing.TestDatabase;
import com.bi.common.testing.TestTokens;
import com.bi.cron.Cron;
import com.bi.nacos.server.NacosServer;
import com.bi.nacos.server.NacosServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

/** bi-cron's nacos-backup against the real Nacos: the archive bi-nacos-cli restores, and the newest N kept. */
@ExtendWith(NacosServerExtension.class)
class CronNacosBackupIT {
    @Test
    void nacosBackupArchivesTheNamespaceAndKeepsTheNewestArchives(NacosServer server) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("NACOS_SERVER_ADDR", server.serverAddr());
        env.put("NACOS_NAMESPACE", "cron-" + UUID.randomUUID().toString().substring(0, 8));
        env.put("NACOS_USERNAME", NacosServer.ADMIN);
        env.put("NACOS_PASSWORD", NacosServerExtension.PASSWORD);
        Path git = Files.createTempDirectory(Path.of("target"), "cron-nacos-git-");
        Files.createDirectories(git.resolve("test"));
        Files.writeString(git.resolve("test/bi-basic-test.yaml"), "bi:\n  log:\n    level: INFO\n");
        Files.writeString(git.resolve("test/bi-sys-test.yaml"), "bi:\n  log:\n    level: WARN\n");
        ByteArrayOutputStream cliOut = new ByteArrayOutputStream();
        int published = new NacosCli(env, new PrintStream(cliOut, true, StandardCharsets.UTF_8), new PrintStream(cliOut, true, StandardCharsets.UTF_8))
                .run("publish", "--env", "test", "--dir", git.toString());
        assertThat(cliOut.toString(StandardCharsets.UTF_8), published, is(0));

        Path archives = Files.createTempDirectory(Path.of("target"), "cron-nacos-backups-");
        for (String stamp : List.of("20261101-020000", "20261102-020000")) {
            Files.writeString(archives.resolve("nacos-backup-" + env.get("NACOS_NAMESPACE") + "-" + stamp + ".zip"), "old");
        }
        Map<String, String> config = new HashMap<>(TestDatabase.config("cron"));
        config.put("deploy.env", "test");
        config.put("bi.jwt.secret", TestTokens.SECRET);
        config.put("bi.cron.backup.dir", archives.toString());
        config.put("bi.cron.backup.keep", "2");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = -1;
        // Nacos lists a just-published config after a moment: retry until both are in the archive
        for (int attempt = 0; attempt < 20; attempt++) {
            out.reset();
            exit = new Cron(env, config, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                    .run("nacos-backup");
            if (exit != 0 || out.toString(StandardCharsets.UTF_8).contains("\"items\":2,")) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(out + "\n" + err, exit, is(0));
        assertThat(out.toString(StandardCharsets.UTF_8), containsString("\"job\":\"nacos-backup\",\"outcome\":\"success\""));
        assertThat(out.toString(StandardCharsets.UTF_8), containsString("\"items\":2,"));

        List<Path> kept;
        try (Stream<Path> files = Files.list(archives)) {
            kept = files.sorted().toList();
        }
        assertThat("the newest 2 of the archives: " + kept, kept.size(), is(2));
        Path newest = kept.get(1);
        assertThat(newest.getFileName().toString(), newest.getFileName().toString().startsWith("nacos-backup-" + env.get("NACOS_NAMESPACE") + "-2"), is(true));
        List<String> entries = new ArrayList<>();
        String manifest = null;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(newest))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                entries.add(e.getName());
                if (e.getName().equals("manifest.json")) {
                    manifest = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        assertThat(entries, hasItems("configs/DEFAULT_GROUP/bi-basic-test.yaml", "configs/DEFAULT_GROUP/bi-sys-test.yaml", "manifest.json"));
        assertThat(manifest, containsString(env.get("NACOS_NAMESPACE")));
        assertThat("no password in the archive", manifest.contains(NacosServerExtension.PASSWORD), is(false));
    }
}
