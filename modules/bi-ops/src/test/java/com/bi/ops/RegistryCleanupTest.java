package com.bi.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * cleanup images against a real registry (Debian's docker-registry, the CNCF distribution registry 2.8) with real
 * skopeo: tiny OCI images built here are pushed under release tags, the release's history (a recording helm)
 * references two old ones, and the cleanup must delete exactly the rest beyond the newest N.
 */
class RegistryCleanupTest {
    static final Path DIR = Path.of("target/registry-test").toAbsolutePath();
    static Process registry;
    static String host;

    @BeforeAll
    static void startRegistry() throws Exception {
        PrometheusServer.deleteTree(DIR);
        Files.createDirectories(DIR.resolve("storage"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        host = "127.0.0.1:" + port;
        Path config = DIR.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log: {level: warn}
                storage:
                  filesystem: {rootdirectory: %s}
                  delete: {enabled: true}
                http:
                  addr: %s
                """.formatted(DIR.resolve("storage"), host));
        registry = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(DIR.resolve("registry.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !registry.isAlive()) {
                    throw new IllegalStateException("registry did not start: " + Files.readString(DIR.resolve("registry.log")), e);
                }
                Thread.sleep(100);
            }
        }
        // bi/bi-sys: six releases (1.10.0 is the newest: versions compare by number), "latest" on 1.10.0's manifest,
        // 1.3.0 pushed twice (also as 1.3.0-rebuild, same manifest)
        for (String v : List.of("1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.9.0", "1.10.0")) {
            push("bi/bi-sys", v, v);
        }
        push("bi/bi-sys", "1.10.0", "latest");
        push("bi/bi-sys", "1.3.0", "1.3.0-rebuild");
        // bi/bi-tenant: 1.4.0 rebuilt 1.2.0's manifest unchanged, so deleting 1.2.0 would delete 1.4.0 too
        push("bi/bi-tenant", "tenant-a", "1.1.0");
        push("bi/bi-tenant", "tenant-b", "1.2.0");
        push("bi/bi-tenant", "tenant-c", "1.3.0");
        push("bi/bi-tenant", "tenant-b", "1.4.0");
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.destroy();
            registry.waitFor();
        }
    }

    /** A one-layer OCI image whose only file holds {@code content}, pushed as repo:tag with skopeo copy. */
    static void push(String repo, String content, String tag) throws Exception {
        Path layout = DIR.resolve("oci-" + content);
        if (!Files.isDirectory(layout)) {
            Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
            Path root = Files.createDirectories(DIR.resolve("rootfs-" + content));
            Files.writeString(root.resolve("version"), content + "\n");
            Path tar = DIR.resolve("layer-" + content + ".tar");
            run(List.of("tar", "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "-cf", tar.toString(), "-C", root.toString(), "version"));
            byte[] layer = Files.readAllBytes(tar);
            String layerDigest = blob(blobs, layer);
            byte[] config = """
                    {"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["%s"]}}""".formatted(layerDigest)
                    .getBytes(StandardCharsets.UTF_8);
            String configDigest = blob(blobs, config);
            byte[] manifest = """
                    {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",\
                    "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},\
                    "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%d}]}"""
                    .formatted(configDigest, config.length, layerDigest, layer.length).getBytes(StandardCharsets.UTF_8);
            String manifestDigest = blob(blobs, manifest);
            Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
            Files.writeString(layout.resolve("index.json"), """
                    {"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%d,\
                    "annotations":{"org.opencontainers.image.ref.name":"img"}}]}""".formatted(manifestDigest, manifest.length));
        }
        run(List.of("skopeo", "--insecure-policy", "copy", "--quiet", "--dest-tls-verify=false", "oci:" + layout + ":img",
                "docker://" + host + "/" + repo + ":" + tag));
    }

    static String blob(Path blobs, byte[] content) throws Exception {
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        Files.write(blobs.resolve(hex), content);
        return "sha256:" + hex;
    }

    static String run(List<String> cmd) throws Exception {
        Proc.Result r = Proc.run(cmd);
        assertEquals(0, r.exit(), String.join(" ", cmd) + ": " + r.err());
        return r.out();
    }

    static Set<String> tags(String repo) throws Exception {
        Set<String> tags = new TreeSet<>();
        new ObjectMapper().readTree(run(List.of("skopeo", "list-tags", "--tls-verify=false", "docker://" + host + "/" + repo)))
                .path("Tags").forEach(t -> tags.add(t.asText()));
        return tags;
    }

    static String digest(String repo, String tag) throws Exception {
        return run(List.of("skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}", "docker://" + host + "/" + repo + ":" + tag)).strip();
    }

    /** The history: revision 1 ran bi-sys 1.1.0 by tag, revision 2 ran 1.2.0 by digest only (as prod pins). */
    static OpsProcess ops(String name) throws Exception {
        OpsProcess ops = new OpsProcess(DIR.resolve("ops-" + name));
        ops.answer("helm", "history bi-platform", "[{\"revision\":1},{\"revision\":2}]");
        ops.answer("helm", "get manifest bi-platform 1", """
                kind: Deployment
                spec:
                  template:
                    spec:
                      containers:
                        - name: bi-sys
                          image: "registry.example/bi/bi-sys:1.1.0"
                """);
        ops.answer("helm", "get manifest bi-platform 2", """
                kind: Deployment
                spec:
                  template:
                    spec:
                      containers:
                        - name: bi-sys
                          image: registry.example/bi/bi-sys@%s
                """.formatted(digest("bi/bi-sys", "1.2.0")));
        return ops;
    }

    @Test
    void listsByDefaultThenDeletesExactlyWhatNoReleaseOrRevisionNeeds() throws Exception {
        Set<String> sysBefore = tags("bi/bi-sys");
        OpsProcess ops = ops("list");
        List<String> args = new ArrayList<>(List.of("cleanup", "images", "prod", "--registry", host, "--insecure", "--keep", "2",
                "--repositories", "bi/bi-sys,bi/bi-tenant,bi/bi-notify"));
        OpsProcess.Result listed = ops.run(args.toArray(String[]::new));
        assertEquals(0, listed.exit(), listed.out() + listed.err());
        assertTrue(listed.out().contains("RESULT cleanup images listed 3 manifests to delete (nothing deleted"), listed.out());
        assertTrue(listed.out().matches("(?s).*DELETE +1\\.3\\.0 .*older than the newest 2.*"), listed.out());
        assertTrue(listed.out().matches("(?s).*keep +1\\.2\\.0 .*referenced by a Helm revision.*"), listed.out());
        assertTrue(listed.out().matches("(?s).*keep +1\\.2\\.0 .*same manifest as kept tag 1\\.4\\.0.*"), "bi-tenant: " + listed.out());
        assertTrue(listed.out().contains("bi/bi-notify: not listed"), listed.out());
        assertEquals(sysBefore, tags("bi/bi-sys"), "the listing deleted nothing");

        OpsProcess dry = ops("dry-run");
        List<String> dryArgs = new ArrayList<>(args);
        dryArgs.addAll(List.of("--apply", "--dry-run"));
        OpsProcess.Result d = dry.run(dryArgs.toArray(String[]::new));
        assertEquals(0, d.exit(), d.out() + d.err());
        assertEquals(3, d.out().lines().filter(l -> l.startsWith("DRY-RUN would run: skopeo delete --tls-verify=false docker://")).count(), d.out());
        assertEquals(sysBefore, tags("bi/bi-sys"), "a dry run deletes nothing");

        OpsProcess apply = ops("apply");
        args.add("--apply");
        OpsProcess.Result r = apply.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("RESULT cleanup images deleted 3 manifests"), r.out());
        // kept: the newest two (1.10.0, 1.9.0), latest (not a version), 1.1.0 (revision 1's tag), 1.2.0 (revision 2's digest);
        // gone: 1.3.0 and 1.3.0-rebuild (one manifest), 1.4.0
        assertEquals(new TreeSet<>(List.of("1.1.0", "1.10.0", "1.2.0", "1.9.0", "latest")), tags("bi/bi-sys"));
        // bi-tenant: 1.1.0 went; 1.2.0 stays with 1.4.0's manifest
        assertEquals(new TreeSet<>(List.of("1.2.0", "1.3.0", "1.4.0")), tags("bi/bi-tenant"));
        assertEquals(digest("bi/bi-tenant", "1.4.0"), digest("bi/bi-tenant", "1.2.0"));
    }
}
