package com.bi.basic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** The real {@code Main} in a child JVM: a bad setting or missing prod secret stops it with one line naming the key. */
class StartupTest {
    private record Outcome(int exitCode, String stderr) {
    }

    private static Outcome run(Map<String, String> env) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        builder.environment().keySet().removeIf(k -> k.startsWith("BI_") || k.equals("DEPLOY_ENV") || k.startsWith("NACOS_"));
        builder.environment().putAll(env);
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        byte[] stderr = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the service did not stop");
        }
        return new Outcome(process.exitValue(), new String(stderr, StandardCharsets.UTF_8));
    }

    @Test
    void badValueStopsTheServiceNamingTheKey() throws Exception {
        Outcome outcome = run(Map.of("BI_DB_POOL_SIZE", "500", "BI_DB_URL", "jdbc:postgresql://127.0.0.1:1/x"));
        assertThat(outcome.exitCode(), is(1));
        assertThat(outcome.stderr(), containsString("bi-basic: invalid configuration 'bi.db.pool.size' (env BI_DB_POOL_SIZE): must be between 1 and 200; got 500"));
        assertThat(outcome.stderr(), not(containsString("\tat ")));
    }

    @Test
    void prodRefusesToStartWithoutRealSecrets() throws Exception {
        Outcome outcome = run(Map.of("DEPLOY_ENV", "prod"));
        assertThat(outcome.exitCode(), is(1));
        assertThat(outcome.stderr(), containsString("'bi.jwt.secret' (env BI_JWT_SECRET)"));
    }

    @Test
    void unknownEnvironmentIsRefused() throws Exception {
        Outcome outcome = run(Map.of("DEPLOY_ENV", "staging"));
        assertThat(outcome.exitCode(), is(1));
        assertThat(outcome.stderr(), containsString("'deploy.env' (env DEPLOY_ENV): must be one of dev, test, prod"));
    }
}
