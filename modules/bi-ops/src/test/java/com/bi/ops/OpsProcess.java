package com.bi.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the CLI as the operator does (a separate JVM, its own environment) with a recording helm and kubectl at the
 * cluster boundary: the stubs log every call (and the state overlays each upgrade was given) and answer reads from
 * files the test prepares. Everything before the boundary is the real code.
 */
final class OpsProcess {
    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    final Path dir;
    final Path log;
    final Map<String, String> env = new HashMap<>();

    OpsProcess(Path dir) throws Exception {
        this.dir = dir.toAbsolutePath();
        PrometheusServer.deleteTree(this.dir);
        Files.createDirectories(this.dir.resolve("answers"));
        this.log = this.dir.resolve("calls.log");
        Files.writeString(log, "");
        env.put("BI_OPS_ROOT", ROOT.toString());
        env.put("BI_OPS_STATE_DIR", this.dir.resolve("state").toString());
        env.put("BI_OPS_HELM", stub("helm"));
        env.put("BI_OPS_KUBECTL", stub("kubectl"));
        answer("helm", "version", "v4.1.4+g0000000\n");
    }

    /** What the stub prints for calls whose arguments start with {@code prefix} (space-joined, without global flags). */
    void answer(String tool, String prefix, String output) throws Exception {
        Path f = dir.resolve("answers").resolve(tool + "." + prefix.replace(' ', '_'));
        Files.writeString(f, output);
    }

    private String stub(String tool) throws Exception {
        Path s = dir.resolve(tool);
        Files.writeString(s, """
                #!/usr/bin/env bash
                # recording %1$s: logs the call; prints a prepared answer for the longest matching prefix
                set -u
                printf '%1$s %%s\\n' "$*" >>'%2$s'
                if [ "${1:-}" = upgrade ]; then
                  prev=""
                  for a in "$@"; do
                    if [ "$prev" = -f ] && [ "${a#'%3$s'}" != "$a" ]; then printf -- '--- %%s\\n' "$a" >>'%2$s'; cat "$a" >>'%2$s'; fi
                    prev=$a
                  done
                fi
                words=()
                for a in "$@"; do case "$a" in --*|-*) ;; *) words+=("$a");; esac; done
                best=""
                for ((n=${#words[@]}; n>0; n--)); do
                  key=$(IFS=_; echo "${words[*]:0:n}")
                  if [ -f '%4$s'/"%1$s.$key" ]; then best='%4$s'/"%1$s.$key"; break; fi
                done
                if [ -n "$best" ]; then
                  if [ -f "$best.exit" ]; then cat "$best"; exit "$(cat "$best.exit")"; fi
                  cat "$best"
                fi
                exit 0
                """.formatted(tool, log, dir.resolve("state"), dir.resolve("answers")));
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        return s.toString();
    }

    record Result(int exit, String out, String err) {
    }

    Result run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BiOps.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().putAll(env);
        pb.redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
        int exit = pb.start().waitFor();
        return new Result(exit, Files.readString(dir.resolve("stdout")), Files.readString(dir.resolve("stderr")));
    }

    List<String> calls() throws Exception {
        return Files.readAllLines(log).stream().filter(l -> l.startsWith("helm ") || l.startsWith("kubectl ")).toList();
    }

    String logText() throws Exception {
        return Files.readString(log);
    }
}
