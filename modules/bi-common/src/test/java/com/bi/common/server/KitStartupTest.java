package com.bi.common.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.bi.common.security.JwtVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * Start-up validation of JWT secrets in a child JVM (issue 12 #13, kit part): a service on the kit stops with one
 * line naming the key when the previous JWT secret is the public development secret in prod, or when it would sign
 * its own service tokens with the development secret while only a JWKS is configured.
 */
class KitStartupTest {
    private static final String REAL_SECRET = "kit-startup-test-secret-0123456789abcdef";
    private static final String OLD_SECRET = "kit-startup-test-old-secret-0123456789ab";

    @TempDir
    Path dir;

    private record Outcome(int exitCode, String stdout, String stderr) {
    }

    private Outcome run(Map<String, String> env) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                StartupProbe.class.getName()));
        builder.environment().keySet().removeIf(k -> k.startsWith("BI_") || k.equals("DEPLOY_ENV") || k.startsWith("NACOS_"));
        Map<String, String> all = new HashMap<>(Map.of("SERVER_HOST", "127.0.0.1", "SERVER_PORT", "0", "BI_GRPC_PORT", "0",
                "BI_CONFIG_DIR", dir.toString()));
        all.putAll(env);
        builder.environment().putAll(all);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        builder.redirectOutput(out.toFile());
        builder.redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the probe service kept running (it started instead of refusing): "
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Outcome(process.exitValue(), Files.readString(out), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void prodRefusesTheDevelopmentSecretAsThePreviousJwtSecret() throws Exception {
        Outcome outcome = run(Map.of("DEPLOY_ENV", "prod", "BI_JWT_SECRET", REAL_SECRET,
                "BI_JWT_SECRET_PREVIOUS", JwtVerifier.DEV_SECRET));
        assertThat(outcome.stderr(), outcome.exitCode(), is(1));
        assertThat(outcome.stderr(), containsString("bi-probe: invalid configuration 'bi.jwt.secret.previous' "
                + "(env BI_JWT_SECRET_PREVIOUS): is the public development secret; refusing to start in prod"));
        assertThat(outcome.stderr(), not(containsString("\tat ")));
    }

    @Test
    void serviceTokensRefuseTheDevelopmentSecretWhenOnlyAJwksIsConfigured() throws Exception {
        for (String env : List.of("dev", "test", "prod")) {
            Outcome outcome = run(Map.of("DEPLOY_ENV", env, "BI_JWT_JWKS_URL", "http://127.0.0.1:9/jwks.json"));
            assertThat(env + ": " + outcome.stderr(), outcome.exitCode(), is(1));
            assertThat(outcome.stderr(), containsString("bi-probe: invalid configuration 'bi.jwt.secret' (env BI_JWT_SECRET)"));
            assertThat(outcome.stderr(), containsString("only BI_JWT_JWKS_URL is set"));
            assertThat(outcome.stdout(), not(containsString("probe-ok")));
        }
    }

    @Test
    void realSecretsStartAndSignServiceTokensThePeersAccept() throws Exception {
        Outcome outcome = run(Map.of("DEPLOY_ENV", "prod", "BI_JWT_SECRET", REAL_SECRET,
                "BI_JWT_SECRET_PREVIOUS", OLD_SECRET, "BI_JWT_JWKS_URL", "http://127.0.0.1:9/jwks.json", "PROBE_STOP", "1"));
        assertThat(outcome.stderr(), outcome.exitCode(), is(0));
        assertThat(outcome.stdout(), containsString("probe-ok tenant-probe service:bi-probe"));
    }
}
