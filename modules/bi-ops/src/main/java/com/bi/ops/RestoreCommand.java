package com.bi.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * restore: verifies a backup's checksums, stops the services whose schemas it replaces, replaces each schema in
 * one transaction (DROP SCHEMA ... CASCADE and the dump's SQL through psql --single-transaction: a failure leaves
 * the schema as it was), restores the Nacos configs, and starts the services again at their previous replicas.
 */
final class RestoreCommand implements Command {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "restore";
    }

    @Override
    public String summary() {
        return "verify a backup's checksums and restore its schemas and Nacos configs (services stopped meanwhile)";
    }

    @Override
    public String usage() {
        return """
                usage: bi-ops restore <env> --confirm <env> [options]

                Restores a backup made by bi-ops backup: checks every file against manifest.json first (nothing is
                touched when one differs), scales the affected services' Deployments to 0, replaces each schema in a
                single transaction (its current content is dropped, the dump's content takes its place; a failing
                restore leaves the schema as it was), restores the Nacos configs (scripts/nacos-restore.sh), and
                scales the Deployments back to their previous replicas. Prints the time each part took.

                options:
                  --from latest|NAME|PATH  which backup (default latest of <dir>/<env>)
                  --dir DIR                backup root (default BI_OPS_BACKUP_DIR or target/bi-ops/backups)
                  --services a,b           only these services' schemas
                  --skip-nacos             leave Nacos alone
                  --no-scale               do not scale Deployments (no cluster: a drill, or services already stopped)
                  --confirm ENV            required (the environment's name again): a restore overwrites data
                  --db-host, --db-port, --db-name, --db-user   as for backup (libpq environment otherwise)
                  --dry-run                verify the backup and print every step without doing it
                """;
    }

    @Override
    public Set<String> options() {
        Set<String> o = new HashSet<>(OpsContext.OPTIONS);
        o.addAll(Database.OPTIONS);
        o.addAll(Set.of("from", "dir", "services", "confirm"));
        return o;
    }

    @Override
    public Set<String> flags() {
        return Set.of("skip-nacos", "no-scale");
    }

    static Path locate(OpsContext ctx, Args a) {
        Path root = BackupCommand.backupRoot(ctx, a);
        String from = a.option("from", "latest");
        if (from.equals("latest")) {
            List<Path> all = BackupCommand.complete(root);
            if (all.isEmpty()) {
                throw OpsException.failed("no complete backup of " + ctx.env() + " in " + root);
            }
            return all.getLast();
        }
        Path p = from.contains("/") ? Path.of(from) : root.resolve(from);
        if (!Files.isDirectory(p)) {
            throw OpsException.failed("backup " + p + " does not exist");
        }
        return p.toAbsolutePath();
    }

    @Override
    public int run(Args a, PrintStream out) {
        a.expectPositionals(1, 1);
        OpsContext ctx = OpsContext.of(a.positional(0, "env"), a, out);
        if (!ctx.dryRun() && !ctx.env().equals(a.option("confirm"))) {
            throw OpsException.usage("a restore overwrites the " + ctx.env() + " databases: add --confirm " + ctx.env());
        }
        Database db = Database.of(a);
        Path dir = locate(ctx, a);
        BackupManifest m = BackupManifest.read(dir);
        if (!m.env().equals(ctx.env())) {
            throw OpsException.failed("backup " + dir.getFileName() + " is of " + m.env() + ", not " + ctx.env());
        }
        m.verify(dir);
        out.printf("backup %s of %s (made %s from %s): %d files, checksums verified%n", dir.getFileName(), m.env(), m.createdAt(),
                m.database(), m.files().size());
        Map<String, String> wanted = a.option("services") == null ? null : BackupCommand.chosen(a);
        List<BackupManifest.Entry> schemas = new ArrayList<>();
        for (BackupManifest.Entry e : m.files()) {
            if (e.kind().equals("postgres-schema") && (wanted == null || wanted.containsKey(e.service()))) {
                schemas.add(e);
            }
        }
        if (wanted != null && schemas.size() != wanted.size()) {
            throw OpsException.failed("backup " + dir.getFileName() + " lacks some of " + wanted.values());
        }
        List<BackupManifest.Entry> nacos = a.flag("skip-nacos") ? List.of()
                : m.files().stream().filter(e -> e.kind().equals("nacos")).toList();
        if (!a.flag("skip-nacos")) {
            if (nacos.isEmpty()) {
                throw OpsException.failed("backup " + dir.getFileName() + " has no Nacos archive; give --skip-nacos to restore only the databases");
            }
            BackupCommand.nacosRequired(a);
        }

        Cluster cluster = ctx.cluster();
        Map<String, Integer> replicas = a.flag("no-scale") ? Map.of() : stop(ctx, cluster, schemas);
        long t0 = System.nanoTime();
        try {
            for (BackupManifest.Entry e : schemas) {
                long s = System.nanoTime();
                Path sql = dir.resolve(e.schema() + ".restore.sql");
                try {
                    Local.run(ctx, List.of(Proc.tool("pg_restore"), "--file=" + sql, dir.resolve(e.name()).toString()), null,
                            "pg_restore of " + e.name());
                    Local.run(ctx, List.of(Proc.tool("psql"), "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction",
                            "--command=DROP SCHEMA IF EXISTS \"" + e.schema() + "\" CASCADE", "--file=" + sql), db,
                            "restore of schema " + e.schema());
                } finally {
                    if (!ctx.dryRun()) {
                        try {
                            Files.deleteIfExists(sql);
                        } catch (IOException ignored) {
                            // a leftover SQL file in the backup folder is harmless and reported by nothing
                        }
                    }
                }
                out.printf("  %-10s restored in %6d ms%n", e.schema(), (System.nanoTime() - s) / 1_000_000);
            }
            for (BackupManifest.Entry e : nacos) {
                long s = System.nanoTime();
                Local.run(ctx, List.of(ctx.root().resolve("scripts/nacos-restore.sh").toString(), dir.resolve(e.name()).toString()),
                        null, "Nacos restore");
                out.printf("  %-10s restored in %6d ms%n", "nacos", (System.nanoTime() - s) / 1_000_000);
            }
        } finally {
            // the services come back even when a restore failed: the failed schema is unchanged (one transaction)
            start(cluster, replicas);
        }
        out.printf("RESULT restore %s from %s complete in %d ms%n", ctx.env(), dir.getFileName(), (System.nanoTime() - t0) / 1_000_000);
        return 0;
    }

    /** Scales the Deployments of the restored services to 0 and waits for their pods to go; returns the previous replicas. */
    private static Map<String, Integer> stop(OpsContext ctx, Cluster cluster, List<BackupManifest.Entry> schemas) {
        Set<String> services = new HashSet<>();
        schemas.forEach(e -> services.add(e.service()));
        Proc.Result r = cluster.kubectlRead("get", "deployments", "--selector=app.kubernetes.io/instance=" + ctx.release(), "--output=json");
        if (!r.ok()) {
            throw OpsException.failed("cannot list the release's Deployments: " + Proc.tail(r.err())
                    + " (give --no-scale when the services are already stopped)");
        }
        Map<String, Integer> previous = new LinkedHashMap<>();
        try {
            for (JsonNode d : JSON.readTree(r.out().isBlank() ? "{}" : r.out()).path("items")) {
                String svc = d.path("metadata").path("labels").path("app.kubernetes.io/name").asText();
                if (services.contains(svc)) {
                    previous.put(d.path("metadata").path("name").asText(), d.path("spec").path("replicas").asInt(1));
                }
            }
        } catch (IOException e) {
            throw OpsException.failed("kubectl get deployments did not answer JSON");
        }
        for (String deploy : previous.keySet()) {
            cluster.kubectlWrite("scale", "deployment/" + deploy, "--replicas=0");
        }
        for (String svc : services) {
            cluster.kubectlWriteTolerating("no matching resources found", "wait", "--for=delete", "pod", "--selector=app.kubernetes.io/instance=" + ctx.release()
                    + ",app.kubernetes.io/name=" + svc, "--timeout=180s");
        }
        return previous;
    }

    private static void start(Cluster cluster, Map<String, Integer> previous) {
        previous.forEach((deploy, n) -> cluster.kubectlWrite("scale", "deployment/" + deploy, "--replicas=" + n));
    }
}
