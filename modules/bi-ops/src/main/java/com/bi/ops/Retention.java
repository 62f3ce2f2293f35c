package com.bi.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which backups to delete: never one of the newest {@code keep}; beyond them, every backup, or — with a maximum
 * age — only those older than it. So "--keep 7" keeps seven, "--keep 7 --max-age 30d" keeps seven and everything
 * younger than 30 days.
 */
public final class Retention {
    private Retention() {
    }

    public record Backup(String name, Instant createdAt) {
    }

    public static List<Backup> toDelete(List<Backup> backups, int keep, Duration maxAge, Instant now) {
        if (keep < 1) {
            throw OpsException.usage("--keep must be at least 1 (the backup just made is never deleted)");
        }
        List<Backup> newestFirst = new ArrayList<>(backups);
        newestFirst.sort(Comparator.comparing(Backup::createdAt).reversed());
        List<Backup> delete = new ArrayList<>();
        for (int i = keep; i < newestFirst.size(); i++) {
            Backup b = newestFirst.get(i);
            if (maxAge == null || b.createdAt().isBefore(now.minus(maxAge))) {
                delete.add(b);
            }
        }
        return delete;
    }
}
