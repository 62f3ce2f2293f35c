import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Training run for the JDK AOT cache (JEP 483/514), run by the "aot" stage of every service Dockerfile with the
 * runtime image's own java (no shell needed there): it starts the service exactly as the ENTRYPOINT does
 * ({@code java @/app/jvm.args}, same class path) but with {@code -XX:AOTCacheOutput}, lets it start up, stops it,
 * and checks that the cache was written. There is no database during a build, so the service is given an
 * unreachable one: start-up runs through config, logging, tracing, JWT, metrics, the pool and the JDBC driver,
 * then stops with "failed to start" (that exit is expected). A service that starts without a database (bi-server)
 * exits by itself once ready ({@code BI_EXIT_WHEN_READY}): the JVM writes a one-step AOT cache only on an exit of its
 * own, never when a signal (SIGTERM) stops it.
 *
 * <p>Usage: {@code java -cp /opt/bi-aot AotTrain <cache file> [service args...]}
 */
public final class AotTrain {
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final long EXIT_TIMEOUT_SECONDS = 300;

    private AotTrain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: AotTrain <cache file> [service args...]");
            System.exit(2);
        }
        Path cache = Path.of(args[0]);
        Files.createDirectories(cache.toAbsolutePath().getParent());
        Files.deleteIfExists(cache);

        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String line : Files.readAllLines(Path.of("/app/jvm.args"), StandardCharsets.UTF_8)) {
            String arg = line.strip();
            if (arg.isEmpty() || arg.startsWith("#")) {
                continue;
            }
            if (arg.startsWith("-XX:AOTCache=")) {
                arg = "-XX:AOTCacheOutput=" + cache;
            }
            cmd.add(arg);
        }
        if (cmd.stream().noneMatch(a -> a.startsWith("-XX:AOTCacheOutput="))) {
            cmd.add(1, "-XX:AOTCacheOutput=" + cache);
        }
        for (int i = 1; i < args.length; i++) {
            cmd.add(args[i]);
        }

        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        env.put("BI_DB_URL", "jdbc:postgresql://127.0.0.1:1/aot_training");
        env.put("BI_DB_USER", "aot");
        env.put("BI_DB_PASSWORD", "aot");
        env.put("BI_DB_CONNECT_TIMEOUT", "250ms");
        env.put("BI_JWT_SECRET", HexFormat.of().formatHex(secret));
        env.put("SERVER_PORT", "0");
        env.put("BI_GRPC_PORT", "0");
        env.put("BI_EXIT_WHEN_READY", "true");
        env.remove("NACOS_SERVER_ADDR");
        env.remove("JAVA_TOOL_OPTIONS");

        System.out.println("AotTrain: " + String.join(" ", cmd));
        long started = System.nanoTime();
        Process process = pb.start();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            int jsonLines = 0;
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("{")) {
                        jsonLines++;
                        if (line.contains(" ready in ")) {
                            System.out.println("AotTrain: service is ready; it exits by itself");
                        }
                    } else {
                        System.out.println("  | " + line);
                    }
                }
            } catch (IOException e) {
                System.out.println("AotTrain: output closed: " + e.getMessage());
            }
            System.out.println("AotTrain: " + jsonLines + " log lines from the service");
        });
        if (!process.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            System.out.println("AotTrain: still running after " + START_TIMEOUT_SECONDS + " s; stopping it");
            process.destroy();
        }
        if (!process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the training run did not exit");
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        long size = Files.isRegularFile(cache) ? Files.size(cache) : 0;
        if (size == 0) {
            fail("no AOT cache written at " + cache + " (exit code " + process.exitValue() + ")");
        }
        System.out.printf("AotTrain: %s written, %.1f MB, in %.1f s (training exit code %d is expected)%n",
                cache, size / 1e6, (System.nanoTime() - started) / 1e9, process.exitValue());
    }

    private static void fail(String message) {
        System.err.println("AotTrain: " + message);
        System.exit(1);
    }
}
