package com.bi.common.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis for tests: Debian's {@code redis-server} started on a free loopback port, nothing persisted. Fails with
 * what to install when the binary is missing (CI installs the Debian package {@code redis-server}).
 */
public final class RedisServer implements AutoCloseable {
    private final Path dir;
    private int port;
    private Process process;

    private RedisServer(Path dir) {
        this.dir = dir;
    }

    public static RedisServer start() throws IOException, InterruptedException {
        RedisServer server = new RedisServer(Files.createTempDirectory("bi-redis-"));
        try (ServerSocket socket = new ServerSocket(0)) {
            server.port = socket.getLocalPort();
        }
        server.startProcess();
        return server;
    }

    /** Starts it again on the same port (after {@link #stop()}). */
    public void restart() throws IOException, InterruptedException {
        startProcess();
    }

    private void startProcess() throws IOException, InterruptedException {
        List<String> command = List.of(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no");
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not listen on " + port + " within 20 s");
    }

    private static String binary() {
        for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("these tests need a real Redis: install Debian's redis-server "
                + "(apt-get install -y redis-server); ci/test.sh does");
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills the server (an outage as clients see it). */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
