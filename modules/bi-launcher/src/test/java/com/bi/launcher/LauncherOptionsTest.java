package com.bi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import com.bi.common.logging.LoggingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, and the secrets a data directory keeps across starts. */
class LauncherOptionsTest {
    @Test
    void defaultsAreALaptopsTextLogsOnPort8080UnderTheHomeDirectory() {
        LauncherOptions options = LauncherOptions.parse(List.of(), "/home/u", null);
        assertEquals(Path.of("/home/u/.bi-platform/launcher"), options.dataDir());
        assertEquals(8080, options.port());
        assertEquals("127.0.0.1", options.host());
        assertTrue(options.demo());
        assertEquals(LoggingOptions.Format.TEXT, options.logFormat());
        assertEquals(LoggingOptions.Format.JSON, LauncherOptions.parse(List.of(), "/home/u", "json").logFormat());
    }

    @Test
    void everyOptionIsReadAndABadOneNamed() {
        LauncherOptions options = LauncherOptions.parse(List.of("--data-dir", "/tmp/x", "--port", "9999", "--no-demo",
                "--orders", "10", "--log-format", "json"), "/home/u", null);
        assertEquals(Path.of("/tmp/x"), options.dataDir());
        assertEquals(9999, options.port());
        assertFalse(options.demo());
        assertEquals(10, options.orders());
        assertEquals(LoggingOptions.Format.JSON, options.logFormat());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse(List.of("--port", "70000"), "/h", null))
                .getMessage().contains("--port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse(List.of("--port"), "/h", null))
                .getMessage().contains("needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse(List.of("--nope"), "/h", null))
                .getMessage().contains("--nope"));
    }

    @Test
    void secretsAreMadeOnceReadableByTheOwnerOnlyAndKept(@TempDir Path dir) throws Exception {
        LocalSecrets first = LocalSecrets.loadOrCreate(dir);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(LocalSecrets.FILE))));
        assertEquals(first, LocalSecrets.loadOrCreate(dir));
        assertFalse(first.equals(LocalSecrets.loadOrCreate(dir.resolve("other"))));
        assertTrue(first.jwtSecret().length() >= 32);
        assertEquals("LocalSecrets[redacted]", first.toString());
    }
}
