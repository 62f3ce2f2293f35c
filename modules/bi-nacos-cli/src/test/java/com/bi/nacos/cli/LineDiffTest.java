package com.bi.nacos.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

class LineDiffTest {
    @Test
    void showsChangedLinesWithContext() {
        String diff = LineDiff.unified("git:a", "a\nb\nc\nd\ne\nf\ng\nh\n", "nacos:a", "a\nb\nc\nD\ne\nf\ng\nh\ni\n", 1);
        assertThat(diff, containsString("--- git:a\n+++ nacos:a\n"));
        assertThat(diff, containsString(" c\n-d\n+D\n e\n"));
        assertThat(diff, containsString("+i\n"));
        assertThat(diff, not(containsString(" a\n")));
    }

    @Test
    void usageErrorsExitWithTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        NacosCli cli = new NacosCli(Map.of(), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(cli.run(), is(2));
        assertThat(cli.run("drift", "--env", "test"), is(2));
        assertThat(err.toString(StandardCharsets.UTF_8), containsString("NACOS_SERVER_ADDR"));
        assertThat(cli.run("nope"), is(2));
    }
}
