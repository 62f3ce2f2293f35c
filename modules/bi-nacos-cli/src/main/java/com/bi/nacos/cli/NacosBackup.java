package com.bi.nacos.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * A backup of every config of a Nacos namespace: {@code nacos-backup-<namespace>-<yyyyMMdd-HHmmss>.zip} (UTC) with
 * {@code configs/<group>/<dataId>} entries and {@code manifest.json}. Written by {@code bi-nacos-cli backup} and by
 * bi-cron's {@code nacos-backup} job; {@code bi-nacos-cli restore} reads it back.
 */
public final class NacosBackup {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** The archive written and how many configs it holds. */
    public record Written(Path archive, int configs, String where) {
    }

    private final NacosApi api;

    /** The password comes from the caller's environment or secret store, never from an argument list. */
    public NacosBackup(String serverAddr, String namespace, String username, String password) {
        this(new NacosApi(serverAddr, namespace, username, password));
    }

    NacosBackup(NacosApi api) {
        this.api = api;
    }

    /** Writes the archive into {@code dir} (created when missing), stamped with {@code now}. */
    public Written write(Path dir, ZonedDateTime now) throws IOException {
        List<NacosApi.Item> items = api.list();
        Files.createDirectories(dir);
        ZonedDateTime utc = now.withZoneSameInstant(ZoneOffset.UTC);
        String ns = api.namespace().isEmpty() ? "public" : api.namespace();
        Path archive = dir.resolve("nacos-backup-" + ns + "-" + STAMP.format(utc) + ".zip");
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("server", api.where());
        manifest.put("namespace", api.namespace());
        manifest.put("createdAt", utc.toString());
        List<Map<String, String>> entries = new ArrayList<>();
        // written under a temporary name, moved when complete: a crash never leaves a truncated archive that looks whole
        Path partial = dir.resolve(archive.getFileName() + ".partial");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
            for (NacosApi.Item item : items) {
                zip.putNextEntry(new ZipEntry("configs/" + item.group() + "/" + item.dataId()));
                zip.write(item.content().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                entries.add(Map.of("group", item.group(), "dataId", item.dataId(), "type", item.type()));
            }
            manifest.put("configs", entries);
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(manifest));
            zip.closeEntry();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, archive, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return new Written(archive, items.size(), api.where());
    }
}
