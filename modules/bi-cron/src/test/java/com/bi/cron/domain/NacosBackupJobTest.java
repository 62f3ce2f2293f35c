package com.bi.cron.domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The archive directory's retention (the archive itself, against a real Nacos: bi-nacos-it CronNacosBackupIT). */
class NacosBackupJobTest {
    @TempDir
    Path dir;

    @Test
    void keepsTheNewestArchivesAndNothingElseIsTouched() throws IOException {
        for (String stamp : List.of("20261128-020000", "20261129-020000", "20261130-020000")) {
            Files.writeString(dir.resolve("nacos-backup-public-" + stamp + ".zip"), "old");
        }
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Files.writeString(dir.resolve("nacos-backup-public-20261101-020000.zip.partial"), "crashed");
        int[] written = {0};
        NacosBackupJob job = new NacosBackupJob(d -> {
            Path file = d.resolve("nacos-backup-public-20261201-020000.zip");
            Files.writeString(file, "new");
            written[0]++;
            return new NacosBackupJob.Archive(file, 7);
        }, dir, 2);

        Tally dry = new Tally();
        job.run(true, dry);
        assertThat("a dry run writes and deletes nothing", written[0], is(0));
        assertThat(names().size(), is(5));

        Tally tally = new Tally();
        job.run(false, tally);
        assertThat(tally.items(), is(7L));
        assertThat(names(), is(List.of("nacos-backup-public-20261101-020000.zip.partial", "nacos-backup-public-20261130-020000.zip",
                "nacos-backup-public-20261201-020000.zip", "notes.txt")));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
