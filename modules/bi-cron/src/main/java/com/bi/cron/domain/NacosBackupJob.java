package com.bi.cron.domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * {@code nacos-backup}: the platform's Nacos configs into a timestamped zip with a manifest (bi-nacos-cli's archive
 * format, so {@code bi-nacos-cli restore} reads it), then only the newest {@code keep} archives stay. Archive names
 * sort by time; files that are not such archives are never touched. A dry run writes and deletes nothing.
 */
public final class NacosBackupJob implements Job {
    private static final Logger LOG = Logger.getLogger(NacosBackupJob.class.getName());
    /** The archive names bi-nacos-cli writes: nacos-backup-<namespace>-<yyyyMMdd-HHmmss>.zip. */
    static final String PREFIX = "nacos-backup-";

    /** Writes one archive into {@code dir}; returns it and how many configs it holds. */
    public interface Archiver {
        Archive write(Path dir) throws IOException;
    }

    public record Archive(Path file, int configs) {
    }

    private final Archiver archiver;
    private final Path dir;
    private final int keep;

    public NacosBackupJob(Archiver archiver, Path dir, int keep) {
        this.archiver = archiver;
        this.dir = dir;
        this.keep = keep;
    }

    @Override
    public String name() {
        return "nacos-backup";
    }

    @Override
    public void run(boolean dryRun, Tally tally) throws IOException {
        if (!dryRun) {
            Files.createDirectories(dir);
            Archive archive = archiver.write(dir);
            tally.items(archive.configs());
            LOG.info(() -> "backed up " + archive.configs() + " config(s) to " + archive.file());
        }
        List<Path> archives = archives();
        for (Path old : archives.subList(0, Math.max(0, archives.size() - keep))) {
            if (dryRun) {
                LOG.info(() -> "would delete " + old);
            } else {
                Files.deleteIfExists(old);
                LOG.info(() -> "deleted " + old + " (keeping the newest " + keep + ")");
            }
        }
    }

    /** The archives in the directory, oldest first (the time stamp is the name's last part). */
    List<Path> archives() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().startsWith(PREFIX)
                            && f.getFileName().toString().matches(".*-\\d{8}-\\d{6}\\.zip"))
                    .sorted(java.util.Comparator.comparing(f -> stamp(f.getFileName().toString())))
                    .toList();
        }
    }

    private static String stamp(String name) {
        return name.substring(name.length() - "yyyyMMdd-HHmmss.zip".length());
    }
}
