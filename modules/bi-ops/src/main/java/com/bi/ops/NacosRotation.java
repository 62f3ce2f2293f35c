package com.bi.ops;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * rotate nacos: the Nacos user the services log in as (NACOS_USERNAME from the chart's values, NACOS_PASSWORD from
 * the Secret key {@code global.nacos.passwordKey}) replaced with an overlap. Nacos keeps one password per user, so
 * the overlap is two users holding the same roles (Nacos's permissions belong to roles):
 * <ol>
 * <li>start: a user {@code <base>-r<time>} with a fresh password, bound to every role of the current user, checked
 * by logging in as it; its password goes to a new Secret key; the state overlay {@code nacos.yaml} names the user and
 * key; one helm upgrade rolls the pods (pods not yet replaced keep the old user, which still logs in);</li>
 * <li>finish, once every Deployment reading NACOS_PASSWORD rolled out: the old user is deleted (and its role
 * bindings), its Secret key removed when a rotation made it (the chart's NACOS_PASSWORD stays: other releases may
 * read it).</li>
 * </ol>
 * The password travels only in Nacos's request body and the 0600 patch file; it is never printed.
 */
final class NacosRotation {
    static final String DEFAULT_KEY = "NACOS_PASSWORD";
    static final String ADMIN_ROLE = "ROLE_ADMIN";

    record Login(String username, String passwordKey) {
    }

    /** What a phase does, in the order it does it; printed as is (no password in it). */
    record Plan(Login from, Login to, List<String> roles, List<NacosAuth.Permission> permissions, List<String> steps) {
    }

    private NacosRotation() {
    }

    static Path stateFile(OpsContext ctx) {
        return ctx.stateDir().resolve("nacos.yaml");
    }

    static Path previousFile(OpsContext ctx) {
        return ctx.stateDir().resolve("nacos.previous");
    }

    /** {@code bi-dev} → {@code bi-dev-r20261202055500}; a rotated name is rotated from its base, not suffixed twice. */
    static Login next(Login from, Instant now) {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(now);
        String base = from.username().replaceFirst("-r\\d{14}$", "");
        Login to = new Login(base + "-r" + stamp, DEFAULT_KEY + "_R" + stamp);
        if (to.username().equals(from.username())) {
            throw OpsException.failed("a nacos rotation started this second already");
        }
        return to;
    }

    /** start: refuses what cannot be copied (no role, the admin role, no permission) before anything changes. */
    static Plan start(Login from, Login to, String operator, List<String> roles, List<NacosAuth.Permission> permissions, String secret) {
        if (from.username().equals(operator)) {
            throw OpsException.usage("the services' Nacos user " + from.username() + " is the operator's (NACOS_USERNAME): "
                    + "run rotate nacos as a Nacos admin of your own");
        }
        if (roles.isEmpty()) {
            throw OpsException.failed("Nacos user " + from.username() + " has no role: nothing to give the new user (nothing changed)");
        }
        if (roles.contains(ADMIN_ROLE)) {
            throw OpsException.failed("Nacos user " + from.username() + " holds " + ADMIN_ROLE + ", which Nacos binds to no second user: "
                    + "give the services a role with read/write on their namespace instead (nothing changed)");
        }
        if (permissions.isEmpty()) {
            throw OpsException.failed("the roles " + roles + " of " + from.username() + " carry no permission: the new user could read "
                    + "nothing (nothing changed)");
        }
        List<String> steps = new ArrayList<>();
        steps.add("nacos create user " + to.username() + " (password: new, 32 random bytes, not printed)");
        for (String role : roles) {
            steps.add("nacos bind role " + role + " to " + to.username());
        }
        steps.add("nacos log in as " + to.username() + " (must answer 200)");
        steps.add("kubectl patch secret " + secret + ": " + to.passwordKey() + " := <new password, not printed>");
        steps.add("write the state overlay: global.nacos.username=" + to.username() + ", global.nacos.passwordKey=" + to.passwordKey());
        steps.add("helm upgrade (rolling restart; pods not yet replaced keep " + from.username() + ")");
        return new Plan(from, to, roles, permissions, steps);
    }

    /** finish: after the rollout, the old user goes (roles first unbound, then the user). */
    static Plan finish(Login from, Login to, List<String> roles, List<String> deployments, String secret) {
        List<String> steps = new ArrayList<>();
        for (String d : deployments) {
            steps.add("kubectl rollout status deployment/" + d);
        }
        steps.add("nacos delete user " + from.username());
        for (String role : roles) {
            steps.add("nacos unbind role " + role + " from " + from.username());
        }
        steps.add(from.passwordKey().equals(DEFAULT_KEY)
                ? "keep Secret key " + DEFAULT_KEY + " (the chart's default: other releases may read it; its user is gone)"
                : "kubectl patch secret " + secret + ": remove " + from.passwordKey());
        return new Plan(from, to, roles, List.of(), steps);
    }

    static int run(OpsContext ctx, Args a, String phase, PrintStream out) {
        String timeout = OpsContext.timeout(a);
        String secret = a.option("secret", "bi-platform-secrets");
        NacosAuth nacos = NacosAuth.fromEnv();
        Login current = current(ctx, a);
        Cluster cluster = ctx.cluster();
        if (phase.equals("start")) {
            if (Files.exists(previousFile(ctx))) {
                throw OpsException.failed("a nacos rotation is in progress (" + previousFile(ctx) + "): finish it first");
            }
            if (!nacos.userExists(current.username())) {
                throw OpsException.failed("Nacos at " + nacos.where() + " has no user " + current.username() + " (the release's NACOS_USERNAME)");
            }
            List<String> roles = nacos.roles(current.username());
            List<NacosAuth.Permission> permissions = new ArrayList<>();
            for (String role : roles) {
                permissions.addAll(nacos.permissions(role));
            }
            Plan plan = start(current, next(current, Instant.now()), nacos.adminUser(), roles, permissions, secret);
            print(ctx, out, "start", plan);
            for (NacosAuth.Permission p : permissions) {
                out.println("  permission " + p.role() + " " + p.resource() + " " + p.action() + " (through the role)");
            }
            if (ctx.dryRun()) {
                out.println("RESULT rotate nacos start env=" + ctx.env() + " dry-run (nothing changed)");
                return 0;
            }
            String password = RotateCommand.fresh("key32").replace('/', '_').replace('+', '-').replace("=", "");
            nacos.createUser(plan.to().username(), password);
            for (String role : roles) {
                nacos.bindRole(role, plan.to().username());
            }
            int login = nacos.loginStatus(plan.to().username(), password);
            if (login != 200) {
                throw OpsException.failed("the new Nacos user " + plan.to().username() + " cannot log in (HTTP " + login
                        + "); the Secret and the release are unchanged: delete the user in Nacos and start again");
            }
            RotateCommand.patchSecret(cluster, secret, Map.of(plan.to().passwordKey(),
                    Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8))));
            BlueGreenCommand.write(ctx, previousFile(ctx), current.username() + " " + current.passwordKey());
            writeState(ctx, plan.to());
            cluster.helmWrite(ctx.upgradeArgs(timeout, stateFile(ctx)));
            out.println("NEXT bi-ops rotate " + ctx.env() + " nacos finish (" + current.username() + " still logs in until then)");
            out.println("RESULT rotate nacos start env=" + ctx.env() + " user=" + plan.to().username());
            return 0;
        }
        Login old = previous(ctx);
        List<String> deployments = readers(ctx, a, current.passwordKey());
        List<String> roles = nacos.userExists(old.username()) ? nacos.roles(old.username()) : List.of();
        Plan plan = finish(old, current, roles, deployments, secret);
        print(ctx, out, "finish", plan);
        if (ctx.dryRun()) {
            out.println("RESULT rotate nacos finish env=" + ctx.env() + " dry-run (nothing changed)");
            return 0;
        }
        // every pod must run the new user before the old one goes
        for (String d : deployments) {
            cluster.kubectlWrite("rollout", "status", "deployment/" + d, "--timeout=" + timeout);
        }
        if (roles.isEmpty() && !nacos.userExists(old.username())) {
            out.println("  Nacos user " + old.username() + " is already gone");
        } else {
            nacos.deleteUser(old.username());
            for (String role : roles) {
                nacos.unbindRole(role, old.username());
            }
        }
        if (!old.passwordKey().equals(DEFAULT_KEY)) {
            Map<String, String> remove = new LinkedHashMap<>();
            remove.put(old.passwordKey(), null);
            RotateCommand.patchSecret(cluster, secret, remove);
        }
        BlueGreenCommand.delete(ctx, previousFile(ctx));
        out.println("RESULT rotate nacos finish env=" + ctx.env() + " retired=" + old.username());
        return 0;
    }

    private static void print(OpsContext ctx, PrintStream out, String phase, Plan plan) {
        out.printf("rotate nacos %s in %s: user %s -> %s, Secret key %s -> %s, roles %s%n", phase, ctx.env(),
                plan.from().username(), plan.to().username(), plan.from().passwordKey(), plan.to().passwordKey(), plan.roles());
        for (int i = 0; i < plan.steps().size(); i++) {
            out.printf("  %d. %s%s%n", i + 1, ctx.dryRun() ? "would " : "", plan.steps().get(i));
        }
    }

    /** The login the release uses: the state overlay's, or (never rotated) the chart's username with NACOS_PASSWORD. */
    static Login current(OpsContext ctx, Args a) {
        Path f = stateFile(ctx);
        if (Files.isRegularFile(f)) {
            Map<String, Object> root = ServiceSwitch.Yamls.map(ServiceSwitch.Yamls.read(f), f.toString());
            Map<String, Object> nacos = ServiceSwitch.Yamls.map(ServiceSwitch.Yamls.map(root.get("global"), f + " global").get("nacos"), f + " nacos");
            return new Login(String.valueOf(nacos.get("username")), String.valueOf(nacos.get("passwordKey")));
        }
        for (Manifests.K8sObject o : RenderCommand.render(ctx, a.option("image-tag"), null).objects()) {
            if (o.kind().equals("ConfigMap") && o.body().get("data") instanceof Map<?, ?> data
                    && data.get("NACOS_USERNAME") instanceof String user && !user.isBlank()) {
                return new Login(user, DEFAULT_KEY);
            }
        }
        throw OpsException.failed("the chart sets no global.nacos.username for " + ctx.env() + ": no Nacos login to rotate");
    }

    static Login previous(OpsContext ctx) {
        Path prev = previousFile(ctx);
        if (!Files.isRegularFile(prev)) {
            throw OpsException.failed("no nacos rotation in progress in " + ctx.env() + " (" + prev + " is absent)");
        }
        try {
            String[] old = Files.readString(prev).strip().split(" ");
            if (old.length != 2) {
                throw OpsException.failed(prev + " does not hold '<user> <key>'");
            }
            return new Login(old[0], old[1]);
        } catch (IOException e) {
            throw OpsException.failed("cannot read " + prev + ": " + e.getMessage());
        }
    }

    /** The Deployments whose pods read the Nacos password key, as the chart renders them for this environment. */
    static List<String> readers(OpsContext ctx, Args a, String key) {
        List<String> names = new ArrayList<>();
        for (Manifests.K8sObject o : RenderCommand.render(ctx, a.option("image-tag"), null).objects()) {
            if (o.kind().equals("Deployment")
                    && Preflight.requiredSecretKeysAll(o).values().stream().anyMatch((Set<String> keys) -> keys.contains(key))) {
                names.add(o.name());
            }
        }
        return names;
    }

    static void writeState(OpsContext ctx, Login login) {
        Map<String, Object> nacos = new LinkedHashMap<>();
        nacos.put("username", login.username());
        nacos.put("passwordKey", login.passwordKey());
        BlueGreenCommand.write(ctx, stateFile(ctx), "# written by bi-ops rotate nacos: the Nacos user and Secret key the services use"
                + " (passed to every helm upgrade)\n" + ServiceSwitch.Yamls.dump(Map.of("global", Map.of("nacos", nacos))).strip());
    }
}
