package com.bi.cron;

import com.bi.cron.data.Pushgateway;
import com.bi.cron.domain.RunSummary;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The pushed text exposition (the HTTP push itself: CronJobsTest against a local receiver). */
class PushgatewayTest {
    @Test
    void aSuccessCarriesItsTimestampAFailureDoesNot() {
        String ok = Pushgateway.exposition(new RunSummary("rollup", RunSummary.Outcome.SUCCESS, false, 3, 3, 0, 1500,
                1_764_650_000, null));
        assertThat(ok, containsString("# TYPE bi_cron_last_success_timestamp_seconds gauge\nbi_cron_last_success_timestamp_seconds 1764650000\n"));
        assertThat(ok, containsString("bi_cron_last_run_duration_seconds 1.500\n"));
        assertThat(ok.endsWith("\n"), is(true));
        String failed = Pushgateway.exposition(new RunSummary("rollup", RunSummary.Outcome.FAILED, false, 3, 2, 1, 10,
                1_764_650_000, "x"));
        assertThat(failed, containsString("bi_cron_last_run_success 0\n"));
        assertThat(failed, not(containsString("bi_cron_last_success_timestamp_seconds")));
        String skipped = Pushgateway.exposition(new RunSummary("rollup", RunSummary.Outcome.SKIPPED, false, 0, 0, 0, 5,
                1_764_650_000, "already running"));
        assertThat("a skip is not a failure, nor a fresh success", skipped, containsString("bi_cron_last_run_success 1\n"));
        assertThat(skipped, not(containsString("bi_cron_last_success_timestamp_seconds")));
    }

    @Test
    void onlyAnHttpUrlWithAHostIsAccepted() {
        assertThrows(IllegalArgumentException.class, () -> new Pushgateway("file:///etc/passwd", java.time.Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Pushgateway("pushgateway:9091", java.time.Duration.ofSeconds(1)));
    }
}
