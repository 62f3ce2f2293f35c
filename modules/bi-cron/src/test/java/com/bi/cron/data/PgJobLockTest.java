package com.bi.cron.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.bi.common.config.ConfigLoader;
import com.bi.common.config.DeployEnv;
import com.bi.common.config.Settings;
import com.bi.common.data.Database;
import com.bi.common.testing.Race;
import com.bi.common.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The job lock on the test PostgreSQL, as two pods see it: two databases pools (two processes) on one database. */
class PgJobLockTest {
    private static Database pod(String schema) {
        Map<String, String> config = new HashMap<>(TestDatabase.config("cron"));
        config.put("bi.db.schema", schema);
        config.put("bi.db.pool.size", "2");
        return Database.start("bi-cron", new Settings(ConfigLoader.load(config, Map.of())), DeployEnv.TEST);
    }

    @Test
    void twoPodsStartingTogetherRunTheJobOnceAndTheLockIsFreeAfterwards() throws Exception {
        String schema = TestDatabase.config("cron").get("bi.db.schema");
        try (Database a = pod(schema); Database b = pod(schema)) {
            PgJobLock podA = new PgJobLock(a.dataSource());
            PgJobLock podB = new PgJobLock(b.dataSource());
            for (int round = 0; round < 5; round++) {
                List<Optional<AutoCloseable>> held = Race.all(() -> podA.tryAcquire("race-job"), () -> podB.tryAcquire("race-job"));
                assertThat("exactly one of two simultaneous starts holds the lock (round " + round + ")",
                        held.stream().filter(Optional::isPresent).count(), is(1L));
                assertThat("another job is not blocked", podB.tryAcquire("other-job").map(l -> {
                    try {
                        l.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return true;
                }).orElse(false), is(true));
                for (Optional<AutoCloseable> lock : held) {
                    if (lock.isPresent()) {
                        lock.get().close();
                    }
                }
            }
            // released: either pod takes it again, and its connection went back to the pool without the lock
            Optional<AutoCloseable> again = podB.tryAcquire("race-job");
            assertThat(again.isPresent(), is(true));
            again.get().close();
            assertThat(podA.tryAcquire("race-job").isPresent(), is(true));
        }
    }
}
