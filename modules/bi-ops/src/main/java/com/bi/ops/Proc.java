package com.bi.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Runs a local program and captures its output. No shell in between: arguments are never re-parsed. */
public final class Proc {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private Proc() {
    }

    public record Result(int exit, String out, String err) {
        public boolean ok() {
            return exit == 0;
        }
    }

    public static Result run(List<String> command, Map<String, String> extraEnv, Path dir) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().putAll(extraEnv);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            int exit = p.waitFor();
            return new Result(exit, out, err.join());
        } catch (IOException e) {
            throw OpsException.failed("cannot run " + command.getFirst() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OpsException.failed("interrupted while running " + command.getFirst());
        }
    }

    public static Result run(List<String> command) {
        return run(command, Map.of(), null);
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command as a POSIX shell would need it typed: what --dry-run prints, copy-pastable. */
    public static String shellQuote(List<String> command) {
        return command.stream().map(Proc::quote).collect(Collectors.joining(" "));
    }

    static String quote(String arg) {
        if (!arg.isEmpty() && SAFE.matcher(arg).matches()) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /** A program by name: the env override (e.g. BI_OPS_HELM) when set, else the name looked up on PATH. */
    public static String tool(String name) {
        String key = "BI_OPS_" + name.toUpperCase().replace('-', '_');
        // a system property of the same name serves tests that run the code in their own JVM
        String override = System.getProperty(key, System.getenv(key));
        return override == null || override.isBlank() ? name : override;
    }

    /** The last lines of a process's stderr, for an error message. */
    static String tail(String text) {
        String[] lines = text.strip().split("\n");
        int from = Math.max(0, lines.length - 5);
        return String.join("\n  ", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }
}
