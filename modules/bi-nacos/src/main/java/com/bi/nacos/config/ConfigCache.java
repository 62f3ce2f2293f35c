package com.bi.nacos.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The last good configuration fetched from Nacos, one file per {@code namespace/group/dataId} under the cache
 * directory ({@code BI_NACOS_CACHE_DIR}), written atomically (temp file + rename) only after validation.
 */
public final class ConfigCache {
    private final Path file;

    public ConfigCache(Path dir, String namespace, String group, String dataId) {
        this.file = dir.resolve(namespace == null || namespace.isBlank() ? "public" : namespace).resolve(group).resolve(dataId);
    }

    public Path file() {
        return file;
    }

    public Optional<String> read() {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** @return false when the directory is not writable (logged by the caller; the service keeps running) */
    public boolean write(String content) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
