package com.bi.cron.data;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;

import com.bi.cron.domain.NacosBackupJob;
import com.bi.nacos.cli.NacosBackup;

/** bi-nacos-cli's backup archive (the same format {@code bi-nacos-cli restore} reads), of the platform's namespace. */
public final class NacosArchiver implements NacosBackupJob.Archiver {
    private final NacosBackup backup;
    private final Clock clock;

    public NacosArchiver(NacosBackup backup, Clock clock) {
        this.backup = backup;
        this.clock = clock;
    }

    @Override
    public NacosBackupJob.Archive write(Path dir) throws IOException {
        NacosBackup.Written written = backup.write(dir, ZonedDateTime.now(clock));
        return new NacosBackupJob.Archive(written.archive(), written.configs());
    }
}
