package com.bi.ops;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * backup: one pg_dump (custom format) per service schema and the Nacos namespace's configs into
 * {@code <dir>/<env>/<UTC time>/} with a SHA-256 manifest; written under a {@code .partial} name and renamed when
 * complete, so a failure midway never leaves something that looks like a backup. Then retention.
 */
final class BackupCommand implements Command {
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private final OpsClock clock;

    BackupCommand(OpsClock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "backup";
    }

    @Override
    public String summary() {
        return "pg_dump every service schema and the Nacos configs, SHA-256 manifest, retention";
    }

    @Override
    public String usage() {
        return """
                usage: bi-ops backup <env> [options]

                Writes <dir>/<env>/<yyyyMMddTHHmmssZ>/: <schema>.dump per service (pg_dump --format=custom), the Nacos
                namespace's configs (scripts/nacos-backup.sh) and manifest.json (size and SHA-256 of each file, timings).
                Then deletes old backups of the env: never the newest --keep; beyond them all, or only those older
                than --max-age when given. Prints the time each part took.

                database: libpq's environment (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD or ~/.pgpass),
                overridable with --db-host, --db-port, --db-name, --db-user (never the password).
                Nacos: NACOS_SERVER_ADDR, NACOS_NAMESPACE, NACOS_USERNAME, NACOS_PASSWORD (scripts/nacos-cli.sh).

                options:
                  --dir DIR            backup root (default BI_OPS_BACKUP_DIR or target/bi-ops/backups)
                  --services a,b       only these services (default: every service with a schema)
                  --skip-nacos         no Nacos archive (otherwise NACOS_SERVER_ADDR must be set)
                  --keep N             backups always kept (default 7)
                  --max-age 30d        with --keep: delete beyond N only when older than this
                  --dry-run            print the commands and the retention decision, write nothing
                """;
    }

    @Override
    public Set<String> options() {
        Set<String> o = new HashSet<>(OpsContext.OPTIONS);
        o.addAll(Database.OPTIONS);
        o.addAll(Set.of("dir", "services", "keep", "max-age"));
        return o;
    }

    @Override
    public Set<String> flags() {
        return Set.of("skip-nacos");
    }

    static Path backupRoot(OpsContext ctx, Args a) {
        String dir = a.option("dir", System.getenv("BI_OPS_BACKUP_DIR"));
        return (dir == null || dir.isBlank() ? ctx.root().resolve("target/bi-ops/backups") : Path.of(dir)).toAbsolutePath().resolve(ctx.env());
    }

    /** Service → schema of the services chosen with --services (default all). */
    static Map<String, String> chosen(Args a) {
        Map<String, String> all = Services.schemas();
        String list = a.option("services");
        if (list == null) {
            return all;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String s : list.split(",")) {
            String name = Services.require(s.strip());
            if (!all.containsKey(name)) {
                throw OpsException.usage(name + " has no database schema");
            }
            m.put(name, all.get(name));
        }
        return m;
    }

    static void nacosRequired(Args a) {
        if (!a.flag("skip-nacos") && (System.getenv("NACOS_SERVER_ADDR") == null || System.getenv("NACOS_SERVER_ADDR").isBlank())) {
            throw OpsException.usage("NACOS_SERVER_ADDR is not set: set the Nacos connection (NACOS_*) or give --skip-nacos");
        }
    }

    @Override
    public int run(Args a, PrintStream out) {
        a.expectPositionals(1, 1);
        OpsContext ctx = OpsContext.of(a.positional(0, "env"), a, out);
        Database db = Database.of(a);
        Map<String, String> schemas = chosen(a);
        nacosRequired(a);
        int keep = parseKeep(a.option("keep", "7"));
        Duration maxAge = a.option("max-age") == null ? null : OpsClock.parseDuration(a.option("max-age"), "--max-age");
        Instant started = clock.now();
        Path root = backupRoot(ctx, a);
        String name = STAMP.format(started);
        Path partial = root.resolve(name + ".partial");
        Path done = root.resolve(name);
        if (Files.exists(done)) {
            throw OpsException.failed(done + " already exists (one backup per second)");
        }
        out.printf("backup of %s: schemas %s of %s%s -> %s%n", ctx.env(), schemas.values(), db.describe(),
                a.flag("skip-nacos") ? "" : ", Nacos namespace " + System.getenv().getOrDefault("NACOS_NAMESPACE", "public"), done);
        if (!ctx.dryRun()) {
            try {
                Files.createDirectories(partial);
            } catch (IOException e) {
                throw OpsException.failed("cannot create " + partial + ": " + e.getMessage());
            }
        }
        List<BackupManifest.Entry> entries = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Map.Entry<String, String> e : schemas.entrySet()) {
            Path file = partial.resolve(e.getValue() + ".dump");
            long s = System.nanoTime();
            Local.run(ctx, List.of(Proc.tool("pg_dump"), "--format=custom", "--schema=" + e.getValue(), "--file=" + file), db, "pg_dump of " + e.getValue());
            long ms = (System.nanoTime() - s) / 1_000_000;
            if (!ctx.dryRun()) {
                BackupManifest.Entry entry = BackupManifest.entry(file, "postgres-schema", e.getKey(), e.getValue(), ms);
                entries.add(entry);
                out.printf("  %-10s %9d bytes  %6d ms  sha256 %s%n", e.getValue(), entry.bytes(), ms, entry.sha256());
            }
        }
        if (!a.flag("skip-nacos")) {
            long s = System.nanoTime();
            Local.run(ctx, List.of(ctx.root().resolve("scripts/nacos-backup.sh").toString(), partial.toString()), null, "Nacos backup");
            long ms = (System.nanoTime() - s) / 1_000_000;
            if (!ctx.dryRun()) {
                for (Path zip : list(partial, "nacos-backup-")) {
                    BackupManifest.Entry entry = BackupManifest.entry(zip, "nacos", null, null, ms);
                    entries.add(entry);
                    out.printf("  %-10s %9d bytes  %6d ms  sha256 %s%n", "nacos", entry.bytes(), ms, entry.sha256());
                }
                if (entries.stream().noneMatch(x -> x.kind().equals("nacos"))) {
                    throw OpsException.failed("scripts/nacos-backup.sh wrote no archive into " + partial);
                }
            }
        }
        long total = (System.nanoTime() - t0) / 1_000_000;
        if (!ctx.dryRun()) {
            new BackupManifest(ctx.env(), started.toString(), db.describe(), entries, total).write(partial);
            try {
                Files.move(partial, done, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw OpsException.failed("cannot rename " + partial + " to " + done + ": " + e.getMessage());
            }
        }
        out.printf("RESULT backup %s complete in %d ms: %s%n", ctx.env(), total, done);
        retention(ctx, root, keep, maxAge, clock.now());
        return 0;
    }

    static int parseKeep(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw OpsException.usage("--keep '" + v + "' is not a number");
        }
    }

    static List<Path> list(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            throw OpsException.failed("cannot list " + dir + ": " + e.getMessage());
        }
    }

    /** Complete backups of the env (folders with a manifest), oldest first. */
    static List<Path> complete(Path root) {
        return list(root, "").stream().filter(p -> Files.isRegularFile(p.resolve(BackupManifest.FILE))).toList();
    }

    static void retention(OpsContext ctx, Path root, int keep, Duration maxAge, Instant now) {
        Map<String, Path> byName = new HashMap<>();
        List<Retention.Backup> backups = new ArrayList<>();
        for (Path p : complete(root)) {
            BackupManifest m = BackupManifest.read(p);
            byName.put(p.getFileName().toString(), p);
            backups.add(new Retention.Backup(p.getFileName().toString(), Instant.parse(m.createdAt())));
        }
        List<Retention.Backup> delete = Retention.toDelete(backups, keep, maxAge, now);
        ctx.out().printf("retention: %d complete backups, keep newest %d%s: %d to delete%n", backups.size(), keep,
                maxAge == null ? "" : " and any younger than " + maxAge.toDays() + "d", delete.size());
        for (Retention.Backup b : delete) {
            Path p = byName.get(b.name());
            if (ctx.dryRun()) {
                ctx.out().println("DRY-RUN would delete " + p);
            } else {
                deleteTree(p);
                ctx.out().println("DELETED " + p);
            }
        }
        for (Path p : list(root, "")) {
            if (p.getFileName().toString().endsWith(".partial")) {
                ctx.out().println("WARNING incomplete backup left by a failed run (not a backup; remove it): " + p);
            }
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw OpsException.failed("cannot delete " + dir + ": " + e.getMessage());
        }
    }
}
