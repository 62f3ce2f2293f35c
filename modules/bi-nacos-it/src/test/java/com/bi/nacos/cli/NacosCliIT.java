package com.bi.nacos.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.bi.nacos.server.NacosServer;
import com.bi.nacos.server.NacosServerExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** publish / drift / backup / restore against the real server, in-process and through the shell scripts. */
@ExtendWith(NacosServerExtension.class)
class NacosCliIT {
    private NacosServer server;
    private Map<String, String> env;
    private Path dir;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void setUp(NacosServer nacos) throws IOException {
        server = nacos;
        env = new HashMap<>();
        env.put("NACOS_SERVER_ADDR", server.serverAddr());
        env.put("NACOS_NAMESPACE", "cli-" + UUID.randomUUID().toString().substring(0, 8));
        env.put("NACOS_USERNAME", NacosServer.ADMIN);
        env.put("NACOS_PASSWORD", NacosServerExtension.PASSWORD);
        dir = Files.createTempDirectory(Path.of("target"), "nacos-git-");
        Files.createDirectories(dir.resolve("test"));
        Files.writeString(dir.resolve("test/bi-basic-test.yaml"), "bi:\n  log:\n    level: INFO\n  peers:\n    analysis:\n      timeout: 2s\n");
        Files.writeString(dir.resolve("test/bi-sys-test.yaml"), "bi:\n  log:\n    level: WARN\n");
    }

    private Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new NacosCli(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void publishThenDriftIsInSyncAndARealChangeInNacosFailsWithADiff() throws Exception {
        Run drift0 = cli("drift", "--env", "test", "--dir", dir.toString());
        assertThat(drift0.out(), drift0.code(), is(1));
        assertThat(drift0.out(), containsString("MISSING in Nacos"));

        Run publish = cli("publish", "--env", "test", "--dir", dir.toString());
        assertThat(publish.err(), publish.code(), is(0));
        assertThat(publish.out(), containsString("2 of 2 config(s) published"));

        Run inSync = await(() -> cli("drift", "--env", "test", "--dir", dir.toString()), 0);
        assertThat(inSync.out(), containsString("in sync: 2 config(s)"));

        // someone edits the config in the console
        publishRaw("bi-basic-test.yaml", "bi:\n  log:\n    level: DEBUG\n  peers:\n    analysis:\n      timeout: 2s\n");
        Run drifted = await(() -> cli("drift", "--env", "test", "--dir", dir.toString()), 1);
        assertThat(drifted.out(), containsString("DRIFT bi-basic-test.yaml"));
        assertThat(drifted.out(), containsString("-    level: INFO"));
        assertThat(drifted.out(), containsString("+    level: DEBUG"));
        assertThat(drifted.out(), not(containsString("bi-sys-test.yaml")));

        // and a config that exists only in Nacos is reported too
        publishRaw("bi-extra-test.yaml", "a: 1\n");
        Run extra = await(() -> cli("drift", "--env", "test", "--dir", dir.toString()), 1);
        assertThat(extra.out(), containsString("ONLY in Nacos (not in git): DEFAULT_GROUP/bi-extra-test.yaml"));
    }

    @Test
    void publishRefusesAnInvalidFileAndPublishesNothing() throws Exception {
        Files.writeString(dir.resolve("test/bi-sys-test.yaml"), "bi:\n  peers:\n    basic:\n      timeout: soon\n");
        Run publish = cli("publish", "--env", "test", "--dir", dir.toString());
        assertThat(publish.code(), is(1));
        assertThat(publish.err(), containsString("invalid bi-sys-test.yaml"));
        assertThat(publish.err(), containsString("bi.peers.basic.timeout"));
        assertThat(cli("drift", "--env", "test", "--dir", dir.toString()).out(), containsString("MISSING in Nacos: nacos:"));
    }

    @Test
    void backupAndRestoreANamespace() throws Exception {
        assertThat(cli("publish", "--env", "test", "--dir", dir.toString()).code(), is(0));
        publishRaw("other.properties", "x=1");
        Path backups = dir.resolve("backups");
        Run backup = await(() -> cli("backup", "--out", backups.toString()), 0, "backed up 3 config(s)");
        assertThat(backup.out(), containsString("nacos-backup-" + env.get("NACOS_NAMESPACE") + "-"));
        Path archive;
        try (Stream<Path> files = Files.list(backups)) {
            List<Path> all = files.toList();
            assertThat(all.size(), is(1));
            archive = all.get(0);
        }
        assertThat(archive.getFileName().toString().matches("nacos-backup-cli-[0-9a-f]{8}-\\d{8}-\\d{6}\\.zip"), is(true));

        // restore into a fresh namespace, then it is in sync with git
        env.put("NACOS_NAMESPACE", "restored-" + UUID.randomUUID().toString().substring(0, 8));
        Run restore = cli("restore", "--archive", archive.toString());
        assertThat(restore.err(), restore.code(), is(0));
        assertThat(restore.out(), containsString("restored 3 config(s)"));
        await(() -> cli("drift", "--env", "test", "--dir", dir.toString()), 0);
    }

    @Test
    void aWrongPasswordIsAClearError() {
        env.put("NACOS_PASSWORD", "nope");
        Run r = cli("drift", "--env", "test", "--dir", dir.toString());
        assertThat(r.code(), is(2));
        assertThat(r.err(), containsString("login as 'nacos' failed"));
    }

    /** The thin shell wrappers, run for real (needs the CLI jar: ci/nacos.sh packages it first). */
    @Test
    void theScriptsPublishAndCheckDrift() throws Exception {
        Path root = Path.of(System.getenv().getOrDefault("BI_REPO_ROOT", "../..")).toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isRegularFile(root.resolve("modules/bi-nacos-cli/target/bi-nacos-cli.jar")),
                "package modules/bi-nacos-cli first (ci/nacos.sh does)");
        Run drift = script(root, "nacos-drift.sh", "dev");
        assertThat(drift.out(), drift.code(), is(1));
        Run publish = script(root, "nacos-publish.sh", "dev");
        assertThat(publish.out() + publish.err(), publish.code(), is(0));
        Run inSync = script(root, "nacos-drift.sh", "dev");
        for (int i = 0; i < 20 && inSync.code() != 0; i++) {
            Thread.sleep(250);
            inSync = script(root, "nacos-drift.sh", "dev");
        }
        assertThat(inSync.out() + inSync.err(), inSync.code(), is(0));
        Run backup = script(root, "nacos-backup.sh", dir.resolve("b").toString());
        assertThat(backup.out() + backup.err(), backup.code(), is(0));
    }

    private Run script(Path root, String name, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve("scripts").resolve(name).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }

    private Run await(java.util.function.Supplier<Run> run, int code) throws InterruptedException {
        return await(run, code, "");
    }

    /** Reads right after writes can be stale on Nacos: poll a little. */
    private Run await(java.util.function.Supplier<Run> run, int code, String text) throws InterruptedException {
        Run r = run.get();
        for (int i = 0; i < 40 && (r.code() != code || !r.out().contains(text)); i++) {
            Thread.sleep(250);
            r = run.get();
        }
        assertThat(r.out() + r.err(), r.code(), is(code));
        return r;
    }

    private void publishRaw(String dataId, String content) throws Exception {
        String form = "dataId=" + enc(dataId) + "&group=DEFAULT_GROUP&tenant=" + enc(env.get("NACOS_NAMESPACE"))
                + "&content=" + enc(content);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/v1/cs/configs?accessToken=" + enc(server.login())))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body(), is("true"));
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }
}
