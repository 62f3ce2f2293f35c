package com.bi.cron.domain;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class PerTenantTest {
    @Test
    void oneTenantsFailureIsCountedAndTheOthersStillRun() {
        List<String> visited = new ArrayList<>();
        Tally tally = new Tally();
        PerTenant.forEach(() -> List.of("a", "b", "c"), tally, tenant -> {
            visited.add(tenant);
            if (tenant.equals("b")) {
                throw new IllegalStateException("upstream\nsaid no");
            }
            return 2;
        });
        assertThat(visited, is(List.of("a", "b", "c")));
        assertThat(tally.tenants(), is(3));
        assertThat(tally.items(), is(4L));
        assertThat(tally.failures(), is(List.of("tenant b: IllegalStateException: upstream said no")));
        RunSummary summary = RunSummary.of("rollup", false, tally, 12, 1.0);
        assertThat(summary.outcome(), is(RunSummary.Outcome.FAILED));
        assertThat(summary.json(), is("{\"event\":\"bi_cron_run\",\"job\":\"rollup\",\"outcome\":\"failed\",\"dry_run\":false,"
                + "\"tenants\":3,\"items\":4,\"failures\":1,\"duration_ms\":12,"
                + "\"reason\":\"1 failed, first: tenant b: IllegalStateException: upstream said no\"}"));
    }
}
