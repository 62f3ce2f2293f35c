package com.bi.common.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.bi.common.config.ConfigLoader;
import com.bi.common.config.DeployEnv;
import com.bi.common.config.Option;
import com.bi.common.config.Settings;
import com.bi.common.data.Database;
import com.bi.common.data.Jdbc;
import com.bi.common.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The kit's retention purge against the test PostgreSQL: windows from settings, batches, dry runs, a failing policy. */
class RetentionTest {
    static final Option<Duration> EVENTS_WINDOW = Option.duration("bi.test.events.retention", Duration.ofDays(30),
            Duration.ofDays(1), Duration.ofDays(3650), "test");
    static final Option<Duration> MISSING_WINDOW = Option.duration("bi.test.missing.retention", Duration.ofDays(30),
            Duration.ofDays(1), Duration.ofDays(3650), "test");
    private static Database database;
    private static Jdbc jdbc;

    @BeforeAll
    static void start() {
        Map<String, String> config = new HashMap<>(TestDatabase.config("retention"));
        config.put("bi.db.migrations", "classpath:retention-test-has-no-migrations");
        database = Database.start("bi-retention-test", new Settings(ConfigLoader.load(config, Map.of())), DeployEnv.TEST);
        jdbc = new Jdbc(database.dataSource());
        jdbc.update("CREATE TABLE events (tenant_id text NOT NULL, done_at timestamptz)");
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @Test
    void purgesInBatchesOnlyRowsOlderThanTheWindowAndADryRunOnlyCounts() {
        Instant now = Instant.parse("2026-12-02T00:00:00Z");
        jdbc.update("INSERT INTO events SELECT 't' || (g % 3), ?::timestamptz - interval '40 days' FROM generate_series(1, ?) g",
                java.sql.Timestamp.from(now), Retention.BATCH * 2 + 7);
        jdbc.update("INSERT INTO events VALUES ('a', ?), ('b', NULL)", java.sql.Timestamp.from(now.minus(Duration.ofDays(29))));
        Map<String, String> settings = new HashMap<>(Map.of("bi.test.events.retention", "35d"));
        Retention retention = new Retention(jdbc, () -> new Settings(ConfigLoader.load(settings, Map.of())), () -> now,
                List.of(new RetentionPolicy("events", "events", "done_at", EVENTS_WINDOW),
                        new RetentionPolicy("missing", "no_such_table", "at", MISSING_WINDOW)));

        List<Retention.Result> dry = retention.purge(true);
        assertThat(dry.get(0).rows(), is((long) Retention.BATCH * 2 + 7));
        assertThat(jdbc.count("SELECT count(*) FROM events"), is((long) Retention.BATCH * 2 + 9));
        assertThat("one failing policy is reported, not thrown", dry.get(1).failed(), is(true));
        assertThat(dry.get(1).error(), containsString("no_such_table"));

        List<Retention.Result> done = retention.purge(false);
        assertThat(done.get(0).rows(), is((long) Retention.BATCH * 2 + 7));
        assertThat(done.get(0).window(), is(Duration.ofDays(35)));
        assertThat("the young row and the row without a time stay", jdbc.count("SELECT count(*) FROM events"), is(2L));

        settings.put("bi.test.events.retention", "1d"); // read live at every purge
        assertThat(retention.purge(false).get(0).rows(), is(1L));
    }

    @Test
    void onlyPlainIdentifiersAreAccepted() {
        assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy("x", "events; DROP TABLE y", "done_at", EVENTS_WINDOW));
        assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy("x", "events", "done_at < now() OR true", EVENTS_WINDOW));
        assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy("X Y", "events", "done_at", EVENTS_WINDOW));
    }
}
