package com.bi.common.tracing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A real Zipkin server (the exec jar from Maven Central, copied by the build) in its own JVM, on loopback. */
final class ZipkinServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private ZipkinServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ZipkinServer start() throws Exception {
        Path jar = Path.of("target", "test-servers", "zipkin-server.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the build (the dependency plugin copies it)");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xmx256m", "-jar", jar.toString(),
                "--armeria.ports[0].ip=127.0.0.1", "--armeria.ports[0].port=" + port, "--armeria.ports[0].protocols[0]=http")
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "zipkin-server.log").toFile())
                .start();
        ZipkinServer server = new ZipkinServer(process, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("zipkin exited; see target/zipkin-server.log");
            }
            try {
                if (server.get("/health").statusCode() == 200) {
                    return server;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        server.close();
        throw new IllegalStateException("zipkin did not start in 90 s");
    }

    String spansUrl() {
        return "http://127.0.0.1:" + port + "/api/v2/spans";
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        process.destroy();
    }
}
