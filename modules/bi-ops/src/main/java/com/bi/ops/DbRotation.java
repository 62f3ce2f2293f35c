package com.bi.ops;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * rotate db: a service's database password replaced without a moment in which a running or restarting pod holds a
 * credential PostgreSQL refuses. PostgreSQL keeps one password per role, so the overlap comes from two login roles:
 * <ol>
 * <li>start: a new login role {@code <owner>_r<time>} with a fresh password, member of the service's owner role and
 * with {@code SET role = <owner>} (sessions act as the owner: objects stay the owner's, Flyway sees the same schema);
 * its password goes to a new key of the Secret; the service's values overlay names the new role and key; one helm
 * upgrade rolls the pods (old pods keep the old role, which still logs in, until they are replaced);</li>
 * <li>finish, once the rollout is complete: the old login role's sessions are ended and it loses its login (the owner
 * role: NOLOGIN and no password; an earlier rotation role: dropped), and its Secret key is removed.</li>
 * </ol>
 * The password travels only through 0600 files (psql -f, kubectl --patch-file) deleted at once.
 */
final class DbRotation {
    /** What the service logs in as, before and after: the state file {@code db-<service>.yaml} holds it. */
    record Login(String role, String passwordKey) {
    }

    record Plan(String service, String owner, Login from, Login to, List<String> sql) {
    }

    private DbRotation() {
    }

    static Path stateFile(OpsContext ctx, String service) {
        return ctx.stateDir().resolve("db-" + service + ".yaml");
    }

    static Path previousFile(OpsContext ctx, String service) {
        return ctx.stateDir().resolve("db-" + service + ".previous");
    }

    /** The chart's defaults: role = the service name with '_' (bi_sys), key BI_DB_PASSWORD_<SERVICE>. */
    static Login chartDefault(String service) {
        return new Login(service.replace('-', '_'), "BI_DB_PASSWORD_" + service.toUpperCase().replace('-', '_'));
    }

    static String ident(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw OpsException.usage("'" + name + "' is not a plain PostgreSQL role name (a-z, 0-9, _)");
        }
        return "\"" + name + "\"";
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** start: the new login role, a member acting as the owner. */
    static Plan start(String service, String owner, Login from, Instant now, String password) {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(now);
        Login to = new Login(owner + "_r" + stamp, chartDefault(service).passwordKey() + "_R" + stamp);
        if (to.role().equals(from.role())) {
            throw OpsException.failed("a rotation of " + service + " started this second already");
        }
        List<String> sql = List.of(
                "CREATE ROLE " + ident(to.role()) + " LOGIN PASSWORD " + literal(password) + " IN ROLE " + ident(owner),
                "ALTER ROLE " + ident(to.role()) + " SET role = " + literal(owner));
        return new Plan(service, owner, from, to, sql);
    }

    /** finish: the old login role can no longer log in; its sessions end. */
    static Plan finish(String service, String owner, Login from, Login to) {
        String old = ident(from.role());
        String end = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = " + literal(from.role());
        List<String> sql = from.role().equals(owner)
                ? List.of("ALTER ROLE " + old + " NOLOGIN PASSWORD NULL", end)
                : List.of("ALTER ROLE " + old + " NOLOGIN PASSWORD NULL", end, "DROP ROLE " + old);
        return new Plan(service, owner, from, to, sql);
    }

    /** The statements with the password blanked: what is printed. */
    static String printable(Plan p) {
        return String.join(";\n      ", p.sql().stream().map(s -> s.replaceAll("PASSWORD '[^']*'", "PASSWORD '<new, not printed>'")).toList());
    }

    static int run(OpsContext ctx, Args a, String phase, PrintStream out) {
        String service = Services.require(a.option("service", ""));
        if (!Services.schemas().containsKey(service)) {
            throw OpsException.usage(service + " has no database");
        }
        Database db = Database.of(a);
        String timeout = OpsContext.timeout(a);
        String owner = a.option("owner", chartDefault(service).role());
        ident(owner);
        Login current = readState(ctx, service, owner);
        Cluster cluster = ctx.cluster();
        String secret = a.option("secret", "bi-platform-secrets");
        if (phase.equals("start")) {
            if (Files.exists(previousFile(ctx, service))) {
                throw OpsException.failed("a db rotation of " + service + " is in progress (" + previousFile(ctx, service) + "): finish it first");
            }
            String password = RotateCommand.fresh("secret48").replace('/', '_').replace('+', '-');
            Plan plan = start(service, owner, current, Instant.now(), password);
            out.printf("rotate db start %s in %s: login %s -> %s (member of %s), Secret key %s -> %s%n", service, ctx.env(),
                    plan.from().role(), plan.to().role(), owner, plan.from().passwordKey(), plan.to().passwordKey());
            out.println("  SQL " + printable(plan));
            psql(ctx, db, plan.sql(), "create the login role " + plan.to().role());
            RotateCommand.patchSecret(cluster, secret, Map.of(plan.to().passwordKey(),
                    java.util.Base64.getEncoder().encodeToString(password.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            BlueGreenCommand.write(ctx, previousFile(ctx, service), plan.from().role() + " " + plan.from().passwordKey());
            writeState(ctx, service, plan.to());
            cluster.helmWrite(ctx.upgradeArgs(timeout, stateFile(ctx, service)));
            out.println("NEXT bi-ops rotate " + ctx.env() + " db finish --service " + service + " (the old login still works until then)");
            out.println("RESULT rotate db start service=" + service + " login=" + plan.to().role());
            return 0;
        }
        Path prev = previousFile(ctx, service);
        if (!Files.isRegularFile(prev)) {
            throw OpsException.failed("no db rotation of " + service + " in progress in " + ctx.env() + " (" + prev + " is absent)");
        }
        String[] old;
        try {
            old = Files.readString(prev).strip().split(" ");
        } catch (IOException e) {
            throw OpsException.failed("cannot read " + prev + ": " + e.getMessage());
        }
        if (old.length != 2) {
            throw OpsException.failed(prev + " does not hold '<role> <key>'");
        }
        Plan plan = finish(service, owner, new Login(old[0], old[1]), current);
        // every pod of the service must run the new login before the old one goes
        for (String d : deployments(cluster, service)) {
            cluster.kubectlWrite("rollout", "status", "deployment/" + d, "--timeout=" + timeout);
        }
        out.printf("rotate db finish %s in %s: login %s retired, %s stays; Secret key %s removed%n", service, ctx.env(),
                plan.from().role(), plan.to().role(), plan.from().passwordKey());
        out.println("  SQL " + printable(plan));
        psql(ctx, db, plan.sql(), "retire the login role " + plan.from().role());
        Map<String, String> remove = new LinkedHashMap<>();
        remove.put(plan.from().passwordKey(), null);
        RotateCommand.patchSecret(cluster, secret, remove);
        BlueGreenCommand.delete(ctx, prev);
        out.println("RESULT rotate db finish service=" + service + " retired=" + plan.from().role());
        return 0;
    }

    /** The service's Deployments (one, or the blue and green tracks). */
    static List<String> deployments(Cluster cluster, String service) {
        Proc.Result r = cluster.kubectlRead("get", "deployments", "--selector=app.kubernetes.io/name=" + service,
                "--output=jsonpath={.items[*].metadata.name}");
        if (!r.ok()) {
            throw OpsException.failed("cannot list the Deployments of " + service + ": " + Proc.tail(r.err()));
        }
        List<String> names = List.of(r.out().strip().split("\\s+")).stream().filter(s -> !s.isBlank()).toList();
        return names.isEmpty() && cluster.dryRun() ? List.of(service) : names;
    }

    /** The login the release uses: the state overlay's, or (never rotated) the owner role with the chart's key. */
    static Login readState(OpsContext ctx, String service, String owner) {
        Path f = stateFile(ctx, service);
        if (!Files.isRegularFile(f)) {
            return new Login(owner, chartDefault(service).passwordKey());
        }
        Map<String, Object> root = ServiceSwitch.Yamls.map(ServiceSwitch.Yamls.read(f), f.toString());
        Map<String, Object> database = ServiceSwitch.Yamls.map(ServiceSwitch.Yamls.map(root.get(service), f + " " + service).get("database"), f + " database");
        return new Login(String.valueOf(database.get("user")), String.valueOf(database.get("passwordKey")));
    }

    static void writeState(OpsContext ctx, String service, Login login) {
        Map<String, Object> database = new LinkedHashMap<>();
        database.put("user", login.role());
        database.put("passwordKey", login.passwordKey());
        Map<String, Object> root = Map.of(service, Map.of("database", database));
        BlueGreenCommand.write(ctx, stateFile(ctx, service), "# written by bi-ops rotate db: the login role and Secret key " + service
                + " uses (passed to every helm upgrade)\n" + ServiceSwitch.Yamls.dump(root).strip());
    }

    /** psql as the admin (libpq environment), the statements in a 0600 file deleted right after. */
    static void psql(OpsContext ctx, Database db, List<String> sql, String what) {
        Path f = null;
        try {
            f = Files.createTempFile("bi-ops-rotate", ".sql", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(f, String.join(";\n", sql) + ";\n");
            Local.run(ctx, List.of(Proc.tool("psql"), "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction",
                    "--file=" + f), db, what);
        } catch (IOException e) {
            throw OpsException.failed("cannot write the SQL file: " + e.getMessage());
        } finally {
            if (f != null) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // only this user can read it
                }
            }
        }
    }
}
