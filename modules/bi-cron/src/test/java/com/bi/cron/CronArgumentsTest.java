package com.bi.cron;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.bi.cron.domain.JobNames;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** The command line: usage and exit codes before anything starts (no database, no peers). */
class CronArgumentsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Cron(Map.of(), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    @Test
    void helpListsEveryJobAndExitsZero() {
        assertThat(run("--help"), is(Cron.OK));
        String usage = out.toString(StandardCharsets.UTF_8);
        assertThat(usage, containsString("usage: java -jar bi-cron.jar <job> [--dry-run]"));
        JobNames.all().forEach(job -> assertThat(usage, containsString(job)));
    }

    @Test
    void anUnknownJobIsAUsageError() {
        assertThat(run("sync-everything"), is(Cron.USAGE));
        assertThat(err.toString(StandardCharsets.UTF_8), containsString("bi-cron: unknown job 'sync-everything'"));
        assertThat(err.toString(StandardCharsets.UTF_8), containsString("usage:"));
    }

    @Test
    void noJobOrAnUnknownFlagIsAUsageError() {
        assertThat(run(), is(Cron.USAGE));
        assertThat(run("rollup", "--force"), is(Cron.USAGE));
        assertThat(run("rollup", "--dry-run", "extra"), is(Cron.USAGE));
        assertThat(err.toString(StandardCharsets.UTF_8), containsString("bad arguments [rollup, --force]"));
    }

    @Test
    void aConfigurationErrorFailsWithOneLineNamingTheKey() {
        int exit = new Cron(Map.of(), Map.of("deploy.env", "test"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run("nacos-backup", "--dry-run");
        assertThat(exit, is(Cron.FAILED));
        String reason = err.toString(StandardCharsets.UTF_8);
        assertThat(reason, reason.lines().count(), is(1L));
        assertThat(reason, containsString("bi-cron nacos-backup: failed: start: InvalidConfigException"));
        assertThat("names the missing key", reason, containsString("nacos.server.addr"));
    }
}
