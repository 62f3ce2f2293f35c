package com.bi.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code manifest.json} of one backup: what each file is (a service's schema dump, the Nacos archive), its size
 * and SHA-256. A restore verifies every file against it before touching anything.
 */
public record BackupManifest(String env, String createdAt, String database, List<Entry> files, long durationMillis) {
    static final String FILE = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** kind: postgres-schema (service, schema set) or nacos. */
    public record Entry(String name, String kind, String service, String schema, long bytes, String sha256, long millis) {
    }

    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw OpsException.failed("cannot read " + file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Entry entry(Path file, String kind, String service, String schema, long millis) {
        try {
            return new Entry(file.getFileName().toString(), kind, service, schema, Files.size(file), sha256(file), millis);
        } catch (IOException e) {
            throw OpsException.failed("cannot stat " + file + ": " + e.getMessage());
        }
    }

    public void write(Path dir) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", 1);
        root.put("env", env);
        root.put("createdAt", createdAt);
        root.put("database", database);
        root.put("durationMillis", durationMillis);
        ArrayNode arr = root.putArray("files");
        for (Entry e : files) {
            ObjectNode n = arr.addObject();
            n.put("name", e.name());
            n.put("kind", e.kind());
            if (e.service() != null) {
                n.put("service", e.service());
            }
            if (e.schema() != null) {
                n.put("schema", e.schema());
            }
            n.put("bytes", e.bytes());
            n.put("sha256", e.sha256());
            n.put("millis", e.millis());
        }
        try {
            Files.writeString(dir.resolve(FILE), JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw OpsException.failed("cannot write the manifest in " + dir + ": " + e.getMessage());
        }
    }

    public static BackupManifest read(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            throw OpsException.failed(dir + " has no " + FILE + ": not a complete backup");
        }
        JsonNode root;
        try {
            root = JSON.readTree(f.toFile());
        } catch (IOException e) {
            throw OpsException.failed(f + " is not valid JSON: " + e.getMessage());
        }
        if (root.path("format").asInt() != 1) {
            throw OpsException.failed(f + ": unknown manifest format " + root.path("format"));
        }
        List<Entry> files = new ArrayList<>();
        for (JsonNode n : root.path("files")) {
            String name = n.path("name").asText();
            // a manifest names files inside its own folder only
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw OpsException.failed(f + ": file name '" + name + "' is not a plain file name");
            }
            files.add(new Entry(name, n.path("kind").asText(), n.path("service").asText(null), n.path("schema").asText(null),
                    n.path("bytes").asLong(), n.path("sha256").asText(), n.path("millis").asLong()));
        }
        return new BackupManifest(root.path("env").asText(), root.path("createdAt").asText(), root.path("database").asText(),
                files, root.path("durationMillis").asLong());
    }

    /** Every file present with the recorded size and checksum; the first mismatch is the error. */
    public void verify(Path dir) {
        for (Entry e : files) {
            Path f = dir.resolve(e.name());
            if (!Files.isRegularFile(f)) {
                throw OpsException.failed("backup " + dir.getFileName() + ": " + e.name() + " is missing");
            }
            String actual = sha256(f);
            if (!actual.equals(e.sha256())) {
                throw OpsException.failed("backup " + dir.getFileName() + ": " + e.name() + " is corrupt (SHA-256 " + actual
                        + ", manifest says " + e.sha256() + "); nothing was restored");
            }
        }
    }
}
