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
        assertEquals(0, options.portOffset());
        assertEquals("127.0.0.1", options.host());
        assertTrue(options.demo());
        assertEquals(LoggingOptions.Format.TEXT, options.logFormat());
        assertEquals(LoggingOptions.Format.JSON, LauncherOptions.parse(List.of(), "/home/u", "json").logFormat());
    }

    @Test
    void everyOptionIsReadAndABadOneNamed() {
        LauncherOptions options = LauncherOptions.parse(List.of("--data-dir", "/tmp/x", "--port", "9999", "--no-demo",
                "--orders", "10", "--log-format", "json", "--port-offset", "20000"), "/home/u", null);
        assertEquals(20000, options.portOffset());
        assertEquals(Path.of("/tmp/x"), options.dataDir());
        assertEquals(9999, options.port());
        assertFalse(options.demo());
        assertEquals(10, options.orders());
        assertEquals(LoggingOptions.Format.JSON, options.logFormat());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse(List.of("--port", "70000"), "/h", null))
                .getMessage().contains("--port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse(List.of("--port-offset", "60000"), "/h", null))
                .getMessage().contains("--port-offset is a number from 0 to 50000"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse(List.of("--port"), "/h", null))
                .getMessage().contains("needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse(List.of("--nope"), "/h", null))
                .getMessage().contains("--nope"));
    }

    @Test
    void anOffsetMovesEveryServicesPortsAndTheirPeersAddresses() {
        ServicePorts shifted = ServicePorts.catalog().shifted(20000);
        assertEquals(new ServicePorts.Ports(28003, 29003), shifted.of("bi-basic"));
        assertEquals("127.0.0.1:29006", shifted.peerAddresses().get("bi.peers.analysis.address"));
        assertEquals(ServicePorts.catalog().all().size(), shifted.all().size());
    }

    @Test
    void aServiceThatCannotBindItsPortSaysHowToMoveThePorts() {
        ServicePorts.Ports ports = new ServicePorts.Ports(8003, 9003);
        String taken = LocalPlatform.failureText(new IllegalStateException("Failed to start server",
                new java.io.UncheckedIOException(new java.net.BindException("Address already in use"))), ports);
        assertEquals("Failed to start server (port 8003 or 9003 is taken by another program; --port-offset N moves every"
                + " service's ports by N)", taken);
        String named = LocalPlatform.failureText(new IllegalStateException("bi-basic's server did not start: port 8003 is taken",
                new java.net.BindException("port 8003 is taken")), ports);
        assertEquals("bi-basic's server did not start: port 8003 is taken (--port-offset N moves every service's ports by N)", named);
        assertEquals("boom", LocalPlatform.failureText(new IllegalStateException("boom"), ports));
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
