package com.bi.charts;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CronJobs call exactly the jobs bi-cron knows: every key of the chart's {@code jobs} (bi-cron's values and the
 * umbrella's overrides) is a name in bi-cron's job list, which its code maps to the jobs (bi-cron's JobsTest), and
 * every job bi-cron has is scheduled.
 */
class CronJobNamesTest {
    @Test
    void everyChartJobIsAJobBiCronKnowsAndEveryJobIsScheduled() {
        assertFalse(Catalog.CRON_JOBS.isEmpty(), Catalog.CRON_JOBS_FILE.toString());
        Map<String, Object> jobs = Maps.map(ChartMetadataTest.yaml(Helm.SOURCE.resolve("bi-cron/values.yaml")), "jobs");
        assertEquals(new TreeSet<>(Catalog.CRON_JOBS), new TreeSet<>(jobs.keySet()), "charts/bi-cron/values.yaml jobs vs " + Catalog.CRON_JOBS_FILE);
        for (String values : List.of("bi-platform/values.yaml", "bi-platform/values-prod.yaml", "tests/extensions-values.yaml")) {
            Object cron = ChartMetadataTest.yaml(Helm.SOURCE.resolve(values)).get("bi-cron");
            if (cron instanceof Map<?, ?> chart && chart.get("jobs") instanceof Map<?, ?> more) {
                more.keySet().forEach(k -> assertTrue(Catalog.CRON_JOBS.contains(String.valueOf(k)), values + " schedules an unknown job " + k));
            }
        }
        // the rendered CronJobs pass exactly these names: RenderedObjectsTest#cronJobsRunEachJobByName
    }
}
