package com.bi.cron;

import java.util.List;

import com.bi.cron.domain.JobNames;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The jobs file (which the chart tests read) and the implemented jobs are the same list. */
class JobsTest {
    @Test
    void everyListedJobIsImplementedAndNoOther() {
        List<String> listed = JobNames.all();
        assertThat(listed, is(List.of("sync-jushuitan", "rollup", "plan-alerts", "daily-report", "nacos-backup", "retention")));
        List<String> built = new CronJobs().names();
        assertThat(built.stream().sorted().toList(), is(listed.stream().sorted().toList()));
    }
}
