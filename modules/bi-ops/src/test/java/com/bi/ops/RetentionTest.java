package com.bi.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionTest {
    static final Instant NOW = Instant.parse("2026-12-02T00:00:00Z");

    static Retention.Backup daysAgo(int d) {
        return new Retention.Backup("b" + d, NOW.minus(Duration.ofDays(d)));
    }

    @Test
    void keepsTheNewestNAndDeletesTheRest() {
        List<Retention.Backup> all = List.of(daysAgo(3), daysAgo(1), daysAgo(10), daysAgo(2));
        assertEquals(List.of(daysAgo(3), daysAgo(10)), Retention.toDelete(all, 2, null, NOW));
    }

    @Test
    void withAMaximumAgeOnlyOlderOnesBeyondNGo() {
        List<Retention.Backup> all = List.of(daysAgo(1), daysAgo(2), daysAgo(20), daysAgo(40), daysAgo(50));
        assertEquals(List.of(daysAgo(40), daysAgo(50)), Retention.toDelete(all, 2, Duration.ofDays(30), NOW));
        // however old, the newest N stay
        assertEquals(List.of(), Retention.toDelete(List.of(daysAgo(400), daysAgo(500)), 2, Duration.ofDays(30), NOW));
    }

    @Test
    void keepBelowOneIsRefused() {
        assertThrows(OpsException.class, () -> Retention.toDelete(List.of(daysAgo(1)), 0, null, NOW));
    }

    @Test
    void aManifestNamingAFileOutsideItsFolderIsRefused() throws Exception {
        Path dir = Files.createTempDirectory("manifest");
        Files.writeString(dir.resolve("manifest.json"), """
                {"format": 1, "env": "dev", "createdAt": "2026-12-01T00:00:00Z", "database": "x", "durationMillis": 1,
                 "files": [{"name": "../../etc/passwd", "kind": "postgres-schema", "service": "bi-sys", "schema": "sys",
                            "bytes": 1, "sha256": "00", "millis": 1}]}
                """);
        OpsException e = assertThrows(OpsException.class, () -> BackupManifest.read(dir));
        assertTrue(e.getMessage().contains("not a plain file name"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() throws Exception {
        Path dir = Files.createTempDirectory("manifest");
        new BackupManifest("dev", "2026-12-01T00:00:00Z", "x",
                List.of(new BackupManifest.Entry("sys.dump", "postgres-schema", "bi-sys", "sys", 1, "00", 1)), 1).write(dir);
        OpsException e = assertThrows(OpsException.class, () -> BackupManifest.read(dir).verify(dir));
        assertEquals("backup " + dir.getFileName() + ": sys.dump is missing", e.getMessage());
    }
}
