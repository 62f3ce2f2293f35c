package com.bi.ops;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * rotate: a signing or sealing key replaced with an overlap window, restarting only the Deployments whose pods
 * read the key, in an order that keeps the platform serving. {@code start} moves the current value to
 * {@code *_PREVIOUS} and puts a fresh random value in place; {@code finish} (after the window) removes the previous
 * value. Secret values never leave this process: they are read with kubectl, patched through a 0600 file that is
 * deleted at once, and never printed.
 */
final class RotateCommand implements Command {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What one kind of rotation replaces: the keys (current → previous) and who must restart last (the signer). */
    record Kind(String name, List<String[]> keys, String signer, List<String> phases, String next) {
    }

    static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    static {
        // bi-sys signs; every other service and the gateway verify: verifiers first (they accept both), the signer last
        KINDS.put("jwt", new Kind("jwt", List.of(new String[] {"BI_JWT_SECRET", "BI_JWT_SECRET_PREVIOUS", "secret48"},
                new String[] {"BI_JWT_GATEWAY_KEY", "BI_JWT_GATEWAY_KEY_PREVIOUS", "label"}), "bi-sys", List.of("announce", "switch", "retire"),
                "announce -> switch (once every pod restarted) -> retire (after the access-token lifetime, 15m, plus 30 s leeway)"));
        // the gateway's jwt-auth consumers are the pairs (BI_JWT_GATEWAY_KEY, BI_JWT_SECRET) and their *_PREVIOUS: the
        // consumer's secret is the signing secret, so rotating the gateway's keys is the JWT rotation, same phases and order
        KINDS.put("apisix-keys", new Kind("apisix-keys", KINDS.get("jwt").keys(), "bi-sys", KINDS.get("jwt").phases(), KINDS.get("jwt").next()));
        // the connectors open with either key and re-seal on the current one; nobody "signs", so no order is needed
        KINDS.put("crypto-key", new Kind("crypto-key", List.<String[]>of(new String[] {"BI_CRYPTO_KEY", "BI_CRYPTO_KEY_PREVIOUS", "key32"}),
                null, List.of("start", "finish"),
                "start -> finish (once bi_jushuitan_unreadable_credentials stays 0 and the connectors logged their re-sealing)"));
    }

    @Override
    public String name() {
        return "rotate";
    }

    @Override
    public String summary() {
        return "rotate jwt/apisix-keys (announce, switch, retire), crypto-key, db or nacos (start, finish) with an overlap window";
    }

    @Override
    public String usage() {
        return """
                usage: bi-ops rotate <env> jwt announce|switch|retire [--secret NAME] [--timeout 5m]
                       bi-ops rotate <env> apisix-keys announce|switch|retire [--secret NAME] [--timeout 5m]
                       bi-ops rotate <env> crypto-key start|finish [--secret NAME] [--timeout 5m]
                       bi-ops rotate <env> db start|finish --service NAME [--owner ROLE] [--db-host H] [--db-port P]
                                 [--db-name D] [--db-user ADMIN] [--secret NAME] [--timeout 10m]
                       bi-ops rotate <env> nacos start|finish [--secret NAME] [--timeout 10m] [--dry-run]

                jwt (BI_JWT_SECRET and the gateway consumer label BI_JWT_GATEWAY_KEY, as pairs; charts/README.md):
                  announce  *_PREVIOUS := a fresh secret and label: every pod learns them, bi-sys still signs with the current
                  switch    the pairs swap: bi-sys signs with the new secret, every pod accepts both, restarted or not
                  retire    after the access-token lifetime (15m + 30s leeway): *_PREVIOUS := the current pair
                crypto-key (BI_CRYPTO_KEY):
                  start     BI_CRYPTO_KEY_PREVIOUS := the current key, BI_CRYPTO_KEY := a fresh one
                  finish    removes BI_CRYPTO_KEY_PREVIOUS, only when Prometheus (--prometheus URL, BI_OPS_PROMETHEUS_URL)
                            shows every bi-api-jushuitan pod past a maintenance pass with bi_jushuitan_sealed_with_previous_key
                            0 (--skip-reseal-check overrides); bi-api-leke's webhook secrets have no re-sealing pass:
                            set them again after start and confirm with --leke-secrets-reentered
                After each phase the Deployments whose pods read the key restart one by one, each waiting for its
                rollout; bi-sys (the signer) last.
                The Secret is the one the pods reference for the key (default found in the rendered chart).
                Values are never printed: the patch goes through a private temporary file.
                apisix-keys: the gateway's only keys are its two jwt-auth consumers (current and previous), whose key is
                  BI_JWT_GATEWAY_KEY(_PREVIOUS) and whose secret is BI_JWT_SECRET(_PREVIOUS) (no key-auth, Admin API
                  off): the same three phases as jwt, the gateway restarted with the verifiers, bi-sys last.
                db (the service's PostgreSQL login; PostgreSQL keeps one password per role, so the overlap is two roles):
                  start     CREATE ROLE <owner>_r<time> LOGIN with a fresh password, IN ROLE <owner>, SET role = <owner>
                            (sessions act as the owner, objects stay the owner's); the password into a new Secret key;
                            <state>/<env>/db-<service>.yaml names role and key; one helm upgrade rolls the pods (pods
                            not yet replaced keep logging in with the old role)
                  finish    after the rollout (waited for): the old role's sessions end, it loses its login (the owner
                            role: NOLOGIN PASSWORD NULL; an earlier rotation role: dropped); its Secret key is removed
                  --owner defaults to the chart's role (bi_sys for bi-sys); the admin connection is libpq's
                  environment (PGHOST, PGUSER, PGPASSWORD...), --db-* override it; the password is never an option.
                nacos (the services' Nacos user: NACOS_USERNAME from the values, its password from the Secret; Nacos keeps
                  one password per user, so the overlap is two users with the same roles, hence the same permissions):
                  start     a user <base>-r<time> with a fresh password, bound to every role of the current user (refused
                            for ROLE_ADMIN, no role or no permission), checked by logging in; the password into a new
                            Secret key NACOS_PASSWORD_R<time>; <state>/<env>/nacos.yaml sets global.nacos.username and
                            global.nacos.passwordKey; one helm upgrade rolls the pods (old pods keep the old user)
                  finish    after every Deployment reading the key rolled out (waited for): the old user is deleted and
                            its roles unbound; its Secret key removed unless it is the chart's NACOS_PASSWORD
                  The Nacos admin connection is NACOS_SERVER_ADDR, NACOS_USERNAME, NACOS_PASSWORD (an admin, not the
                  services' user); --dry-run reads Nacos and prints every step, changes nothing.
                """;
    }

    @Override
    public Set<String> flags() {
        return Set.of("skip-reseal-check", "leke-secrets-reentered");
    }

    @Override
    public Set<String> options() {
        Set<String> o = new HashSet<>(OpsContext.OPTIONS);
        o.addAll(Set.of("secret", "timeout", "image-tag", "service", "owner", "prometheus"));
        o.addAll(Database.OPTIONS);
        return o;
    }

    static String fresh(String kind) {
        return switch (kind) {
            case "secret48" -> Base64.getEncoder().encodeToString(bytes(48));
            case "key32" -> Base64.getEncoder().encodeToString(bytes(32));
            default -> "k" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        };
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    @Override
    public int run(Args a, PrintStream out) {
        a.expectPositionals(3, 3);
        OpsContext ctx = OpsContext.of(a.positional(0, "env"), a, out);
        if (a.positional(1, "what").equals("db")) {
            String phase = a.positional(2, "phase");
            if (!List.of("start", "finish").contains(phase)) {
                throw OpsException.usage("rotate db has the phases start, finish; got '" + phase + "'");
            }
            if (a.option("service") == null) {
                throw OpsException.usage("rotate db needs --service NAME");
            }
            return DbRotation.run(ctx, a, phase, out);
        }
        if (a.positional(1, "what").equals("nacos")) {
            String phase = a.positional(2, "phase");
            if (!List.of("start", "finish").contains(phase)) {
                throw OpsException.usage("rotate nacos has the phases start, finish; got '" + phase + "'");
            }
            return NacosRotation.run(ctx, a, phase, out);
        }
        Kind kind = KINDS.get(a.positional(1, "what"));
        if (kind == null) {
            throw OpsException.usage("rotate " + a.positional(1, "what") + " is not supported (jwt, apisix-keys, crypto-key, db, nacos)");
        }
        String phase = a.positional(2, "phase");
        if (!kind.phases().contains(phase)) {
            throw OpsException.usage("rotate " + kind.name() + " has the phases " + String.join(", ", kind.phases()) + "; got '" + phase + "'");
        }
        String timeout = a.option("timeout", "5m");
        OpsClock.parseDuration(timeout, "--timeout");
        String mainKey = kind.keys().getFirst()[0];

        // who reads the key, from the chart as rendered for this environment
        List<Manifests.K8sObject> objects = RenderCommand.render(ctx, a.option("image-tag"), null).objects();
        Map<String, Set<String>> refs = new LinkedHashMap<>();
        List<String> readers = new ArrayList<>();
        String signerDeploy = null;
        for (Manifests.K8sObject o : objects) {
            if (!o.kind().equals("Deployment")) {
                continue;
            }
            Map<String, Set<String>> r = Preflight.requiredSecretKeysAll(o);
            boolean reads = r.values().stream().anyMatch(keys -> keys.contains(mainKey));
            r.forEach((s, k) -> refs.computeIfAbsent(s, x -> new LinkedHashSet<>()).addAll(k));
            if (reads) {
                if (kind.signer() != null && o.name().equals(kind.signer())) {
                    signerDeploy = o.name();
                } else {
                    readers.add(o.name());
                }
            }
        }
        String secret = a.option("secret");
        if (secret == null) {
            secret = refs.entrySet().stream().filter(e -> e.getValue().contains(mainKey)).map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> OpsException.failed("no pod of " + ctx.env() + " reads " + mainKey + ": nothing to rotate"));
        }
        if (signerDeploy != null) {
            readers.add(signerDeploy);
        }
        Cluster cluster = ctx.cluster();
        Map<String, String> patch = new LinkedHashMap<>();
        for (String[] k : kind.keys()) {
            String current = read(cluster, secret, k[0], k[0].equals(mainKey));
            if (current == null) {
                continue;
            }
            switch (phase) {
                // jwt 1) every pod learns the new pair as "previous" while bi-sys still signs with the current one
                case "announce" -> patch.put(k[1], encode(fresh(k[2])));
                // jwt 2) the pairs swap: bi-sys signs with the new one, every pod (restarted or not) accepts both
                case "switch" -> {
                    String next = read(cluster, secret, k[1], true);
                    if (next.equals(current)) {
                        throw OpsException.failed(k[1] + " equals " + k[0] + ": run announce first");
                    }
                    patch.put(k[0], next);
                    patch.put(k[1], current);
                }
                // jwt 3) after the token lifetime the old pair goes: previous := current (one secret under one label)
                case "retire" -> patch.put(k[1], current);
                // crypto-key 1) the current key becomes previous (still opens), a new key seals from now on
                case "start" -> {
                    patch.put(k[1], current);
                    patch.put(k[0], encode(fresh(k[2])));
                }
                // crypto-key 2) once everything is re-sealed, the previous key is removed
                default -> patch.put(k[1], null);
            }
        }
        if (kind.name().equals("crypto-key") && phase.equals("finish")) {
            resealCheck(ctx, a, readers);
        }
        out.printf("rotate %s %s in %s: secret %s keys %s; restart order %s%n", kind.name(), phase, ctx.env(), secret,
                patch.keySet(), readers);
        patchSecret(cluster, secret, patch);
        for (String d : readers) {
            cluster.kubectlWrite("rollout", "restart", "deployment/" + d);
            cluster.kubectlWrite("rollout", "status", "deployment/" + d, "--timeout=" + timeout);
        }
        out.println("PHASES " + kind.next());
        out.println("RESULT rotate " + kind.name() + " " + phase + " env=" + ctx.env() + " restarted=" + readers.size());
        return 0;
    }

    static final String SEALED_WITH_PREVIOUS = "bi_jushuitan_sealed_with_previous_key";

    /**
     * Why the previous crypto key cannot be dropped yet, or null: every bi-api-jushuitan pod must report (after a
     * maintenance pass: not -1) that no stored credential still opens only with the previous key.
     */
    static String resealRefusal(double series, double max, double min) {
        if (Double.isNaN(series) || series == 0) {
            return "Prometheus has no " + SEALED_WITH_PREVIOUS + " series: no bi-api-jushuitan pod reported (is it scraped?)";
        }
        if (min < 0) {
            return "a bi-api-jushuitan pod has not finished a maintenance pass since it started (" + SEALED_WITH_PREVIOUS + " = -1)";
        }
        if (max > 0) {
            return (long) max + " stored credential(s) still open only with the previous key: wait for the next maintenance pass (30s)";
        }
        return null;
    }

    /** crypto-key finish: the evidence from Prometheus that the connectors re-sealed everything, printed. */
    private static void resealCheck(OpsContext ctx, Args a, List<String> readers) {
        if (a.flag("skip-reseal-check")) {
            ctx.out().println("WARN re-seal check skipped (--skip-reseal-check): values still on the previous key become unreadable");
        } else {
            Prometheus prometheus = new Prometheus(a.option("prometheus", System.getenv("BI_OPS_PROMETHEUS_URL")));
            String selector = SEALED_WITH_PREVIOUS + "{namespace=\"" + ctx.namespace() + "\"}";
            java.time.Instant now = java.time.Instant.now();
            double series = prometheus.value("count(" + selector + ")", now);
            double max = prometheus.value("max(" + selector + ")", now);
            double min = prometheus.value("min(" + selector + ")", now);
            ctx.out().printf("re-seal check: %s pods %s, max %s, min %s (count/max/min of %s)%n", fmt(series),
                    "reporting", fmt(max), fmt(min), selector);
            String refusal = resealRefusal(series, max, min);
            if (refusal != null) {
                throw OpsException.failed("the previous key is still needed: " + refusal + " (nothing changed)");
            }
            ctx.out().println("re-seal check: PASS, every stored Jushuitan credential is sealed with the current key");
        }
        // bi-api-leke seals the tenants' webhook secrets with the same key and has no re-sealing pass
        if (readers.contains("bi-api-leke") && !a.flag("leke-secrets-reentered")) {
            throw OpsException.failed("bi-api-leke keeps webhook secrets sealed with BI_CRYPTO_KEY and nothing re-seals them: "
                    + "after start, set each tenant's secret again (PUT /api/leke/v1/secret), then pass --leke-secrets-reentered (nothing changed)");
        }
    }

    private static String fmt(double d) {
        return Double.isNaN(d) ? "none" : d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    /** A key's current value as stored (base64), kept in memory only; null when absent and not required. */
    private static String read(Cluster cluster, String secret, String key, boolean required) {
        Proc.Result cur = cluster.kubectlRead("get", "secret", secret, "--output=jsonpath={.data." + key + "}");
        if (!cur.ok()) {
            throw OpsException.failed("cannot read secret " + secret + ": " + Proc.tail(cur.err()));
        }
        if (cur.out().isBlank()) {
            if (required) {
                throw OpsException.failed("secret " + secret + " has no " + key);
            }
            return null;
        }
        return cur.out().strip();
    }

    private static String encode(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A JSON merge patch of the Secret's data through a file only this user can read, deleted right after. */
    static void patchSecret(Cluster cluster, String secret, Map<String, String> data) {
        StringBuilder json = new StringBuilder("{\"data\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : data.entrySet()) {
            json.append(first ? "" : ",").append('"').append(e.getKey()).append("\":")
                    .append(e.getValue() == null ? "null" : "\"" + e.getValue() + "\"");
            first = false;
        }
        json.append("}}");
        Path f = null;
        try {
            f = Files.createTempFile("bi-ops-patch", ".json", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(f, json);
            cluster.kubectlWrite("patch", "secret", secret, "--type=merge", "--patch-file=" + f);
        } catch (IOException e) {
            throw OpsException.failed("cannot write the patch file: " + e.getMessage());
        } finally {
            if (f != null) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // the temp folder's owner alone can read it
                }
            }
        }
    }
}
