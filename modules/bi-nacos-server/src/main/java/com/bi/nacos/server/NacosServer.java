package com.bi.nacos.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real Nacos server (the {@code org.jeecgframework.nacos:nacos-console:2.3.2} rebuild of Alibaba Nacos 2.3.2 from
 * Maven Central) in its own JVM: standalone, embedded Derby storage under {@code home}, auth on (user
 * {@code nacos} with the given password), bound to 127.0.0.1 for HTTP. Ports: {@code port} (HTTP, {@code /nacos}),
 * {@code port+1000} (client gRPC), {@code port+1001} (server gRPC), {@code port-1000} (Raft); the gRPC ones bind
 * every interface. Before each start every jar is checked against the pinned SHA-256 list.
 *
 * <p>Locally: {@code java -cp modules/bi-nacos-server/target/bi-nacos-server.jar com.bi.nacos.server.NacosServer
 * --port 8848 --home target/nacos-home --password nacos} (or {@code scripts/nacos-server.sh}).
 */
public final class NacosServer implements AutoCloseable {
    public static final String ADMIN = "nacos";
    private static final String IDENTITY_KEY = "bi-nacos-server";

    private final int port;
    private final Path home;
    private final String password;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private Duration lastStart = Duration.ZERO;

    private NacosServer(int port, Path home, String password) {
        this.port = port;
        this.home = home.toAbsolutePath().normalize();
        this.password = password;
    }

    /** A server on a free port set (P, P+1000, P+1001, P-1000), not yet started. */
    public static NacosServer create(Path home, String password) {
        return new NacosServer(freeBasePort(), home, password);
    }

    public static NacosServer create(int port, Path home, String password) {
        return new NacosServer(port, home, password);
    }

    public String serverAddr() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/nacos";
    }

    public String password() {
        return password;
    }

    public Path home() {
        return home;
    }

    /** How long the last {@link #start} took until the server answered and auth was ready. */
    public Duration lastStart() {
        return lastStart;
    }

    public synchronized NacosServer start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(home.resolve("logs"));
            List<String> classpath = verifiedClasspath();
            Path argfile = home.resolve("classpath.arg");
            Files.writeString(argfile, "-cp \"" + String.join(java.io.File.pathSeparator, classpath).replace("\\", "\\\\") + "\"\n");
            Properties state = state();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms128m", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k",
                    "-XX:-OmitStackTraceInFastThrow", "-Djava.awt.headless=true",
                    "-Dnacos.standalone=true", "-Dnacos.home=" + home, "-Dnacos.inetutils.ip-address=127.0.0.1",
                    "-Dnacos.preferHostnameOverIp=false",
                    "-Dserver.port=" + port, "-Dserver.address=127.0.0.1",
                    "-Dserver.tomcat.basedir=" + home.resolve("tomcat"), "-Dserver.tomcat.accesslog.enabled=false",
                    "-Dnacos.core.auth.enabled=true", "-Dnacos.core.auth.caching.enabled=false",
                    "-Dnacos.core.auth.system.type=nacos",
                    "-Dnacos.core.auth.plugin.nacos.token.secret.key=" + state.getProperty("token.secret.key"),
                    "-Dnacos.core.auth.server.identity.key=" + IDENTITY_KEY,
                    "-Dnacos.core.auth.server.identity.value=" + state.getProperty("identity.value"),
                    "-Dnacos.core.auth.enable.userAgentAuthWhite=false",
                    "-Dnacos.naming.empty-service.auto-clean=true",
                    "-DJM.LOG.PATH=" + home.resolve("logs"), "-DJM.SNAPSHOT.PATH=" + home,
                    "-Dnacos.logs.path=" + home.resolve("logs")));
            if (Runtime.version().feature() >= 24) {
                command.add("--sun-misc-unsafe-memory-access=allow");
            }
            command.add("@" + argfile);
            command.add("com.alibaba.nacos.Nacos");
            process = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("logs").resolve("server-stdout.log").toFile()))
                    .start();
            awaitReady(Duration.ofSeconds(120));
            ensureAdminPassword(state.getProperty("identity.value"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start Nacos in " + home + ": " + e.getMessage(), e);
        }
        lastStart = Duration.ofNanos(System.nanoTime() - t0);
        return this;
    }

    /** Stops the server (its data stays in {@code home}; {@link #start} again keeps configs and users). */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    /** Logs in as the admin and returns an access token (for tests that call the open API). */
    public String login() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/auth/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + ADMIN + "&password=" + enc(password))).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Nacos login failed: " + response.statusCode() + " " + response.body());
        }
        String body = response.body();
        int i = body.indexOf("\"accessToken\":\"");
        return body.substring(i + 15, body.indexOf('"', i + 15));
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Nacos exited with " + process.exitValue() + "; see "
                        + home.resolve("logs").resolve("server-stdout.log"));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/console/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException ignored) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Nacos", e);
            }
            sleep(250);
        }
        throw new IllegalStateException("Nacos did not become ready within " + timeout + "; see " + home.resolve("logs"));
    }

    /** The rebuild ships user nacos/nacos: log in with that once and set the configured password. */
    private void ensureAdminPassword(String identity) {
        for (int attempt = 0; attempt < 40; attempt++) {
            if (loginStatus(password) == 200) {
                return;
            }
            HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/auth/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + ADMIN + "&password=nacos")).build());
            if (login.statusCode() == 200) {
                String body = login.body();
                int i = body.indexOf("\"accessToken\":\"");
                String token = body.substring(i + 15, body.indexOf('"', i + 15));
                send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/auth/users?accessToken=" + enc(token)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .PUT(HttpRequest.BodyPublishers.ofString("username=" + ADMIN + "&newPassword=" + enc(password))).build());
            }
            sleep(250);
        }
        throw new IllegalStateException("could not set the Nacos admin password (is " + home + " from a server with another password?)");
    }

    private int loginStatus(String pw) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/auth/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + ADMIN + "&password=" + enc(pw))).build()).statusCode();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Nacos at " + baseUrl() + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Secrets that must survive restarts (tokens, identity) live in {@code home/bi-nacos-server.properties}. */
    private Properties state() throws IOException {
        Path file = home.resolve("bi-nacos-server.properties");
        Properties state = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                state.load(in);
            }
        }
        SecureRandom random = new SecureRandom();
        if (!state.containsKey("token.secret.key")) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            state.setProperty("token.secret.key", Base64.getEncoder().encodeToString(key));
            byte[] id = new byte[16];
            random.nextBytes(id);
            state.setProperty("identity.value", HexFormat.of().formatHex(id));
            try (var out = Files.newOutputStream(file)) {
                state.store(out, "bi-nacos-server: generated once per home");
            }
        }
        return state;
    }

    /** The server's jars in Maven's order (the order matters), each checked against the pinned SHA-256 list. */
    static List<String> verifiedClasspath() throws IOException {
        String listed = resource("bi-nacos-server/classpath.txt");
        Map<String, String> pinned = new HashMap<>();
        for (String line : resource("bi-nacos-server/sha256.txt").split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2) {
                pinned.put(parts[1], parts[0]);
            }
        }
        List<String> jars = new ArrayList<>();
        for (String entry : listed.trim().split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry.trim());
            String name = jar.getFileName().toString();
            String expected = pinned.get(name);
            if (expected == null) {
                throw new IllegalStateException("Nacos server jar " + name + " is not in the pinned list bi-nacos-server/sha256.txt");
            }
            String actual = sha256(jar);
            if (!expected.equals(actual)) {
                throw new IllegalStateException("checksum mismatch for " + jar + ": expected " + expected + ", got " + actual);
            }
            jars.add(jar.toString());
        }
        if (jars.size() != pinned.size()) {
            throw new IllegalStateException("the Nacos server classpath has " + jars.size() + " jars, the pinned list " + pinned.size());
        }
        return jars;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = NacosServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing: build modules/bi-nacos-server with Maven first");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[65536];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freeBasePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(21000, 29000);
            if (free(base) && free(base + 1000) && free(base + 1001) && free(base - 1000)) {
                return base;
            }
        }
        throw new IllegalStateException("no free port set for Nacos");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code --port 8848 --home target/nacos-home --password nacos}: runs until Ctrl-C. */
    public static void main(String[] args) {
        int port = 8848;
        Path home = Path.of("target", "nacos-home");
        String password = "nacos";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--home" -> home = Path.of(args[i + 1]);
                case "--password" -> password = args[i + 1];
                default -> {
                    System.err.println("usage: NacosServer [--port 8848] [--home target/nacos-home] [--password nacos]");
                    System.exit(2);
                }
            }
        }
        NacosServer server = create(port, home, password);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        server.start();
        System.out.printf("Nacos %s ready in %.1f s: NACOS_SERVER_ADDR=%s NACOS_USERNAME=%s (password as given), console %s/ , data %s%n",
                "2.3.2", server.lastStart().toMillis() / 1000.0, server.serverAddr(), ADMIN, server.baseUrl(), server.home());
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
