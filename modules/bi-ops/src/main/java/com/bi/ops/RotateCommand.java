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
    record Kind(String name, List<String[]> keys, String signer, String window) {
    }

    static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    static {
        // bi-sys signs; every other service and the gateway verify: verifiers first (they accept both), the signer last
        KINDS.put("jwt", new Kind("jwt", List.of(new String[] {"BI_JWT_SECRET", "BI_JWT_SECRET_PREVIOUS", "secret48"},
                new String[] {"BI_JWT_GATEWAY_KEY", "BI_JWT_GATEWAY_KEY_PREVIOUS", "label"}), "bi-sys", "the access-token lifetime (15m)"));
        // the connectors open with either key and re-seal on the current one; nobody "signs", so no order is needed
        KINDS.put("crypto-key", new Kind("crypto-key", List.<String[]>of(new String[] {"BI_CRYPTO_KEY", "BI_CRYPTO_KEY_PREVIOUS", "key32"}),
                null, "every stored credential re-sealed (bi_jushuitan_unreadable_credentials 0, no credential left on the previous key)"));
    }

    @Override
    public String name() {
        return "rotate";
    }

    @Override
    public String summary() {
        return "rotate jwt|crypto-key with an overlap window (start, then finish), restarting only what reads the key";
    }

    @Override
    public String usage() {
        return """
                usage: bi-ops rotate <env> jwt|crypto-key start|finish [--secret NAME] [--timeout 5m]

                start   the current value becomes *_PREVIOUS, a fresh random one becomes current (jwt: BI_JWT_SECRET
                        and the gateway consumer label BI_JWT_GATEWAY_KEY; crypto-key: BI_CRYPTO_KEY), then the
                        Deployments whose pods read the key restart one by one, each waiting for its rollout:
                        verifiers first, the signer (bi-sys) last — no valid token is refused at any moment
                finish  after the window (jwt: the access-token lifetime; crypto-key: every stored credential re-sealed),
                        removes *_PREVIOUS and restarts the same Deployments
                The Secret is the one the pods reference for the key (default found in the rendered chart).
                Values are never printed: the patch goes through a private temporary file.
                Not covered yet: nacos, db and apisix-keys (see docs/operations.md).
                """;
    }

    @Override
    public Set<String> options() {
        Set<String> o = new HashSet<>(OpsContext.OPTIONS);
        o.addAll(Set.of("secret", "timeout", "image-tag"));
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
        Kind kind = KINDS.get(a.positional(1, "what"));
        if (kind == null) {
            throw OpsException.usage("rotate " + a.positional(1, "what") + " is not supported (jwt, crypto-key)");
        }
        String phase = a.positional(2, "start|finish");
        if (!phase.equals("start") && !phase.equals("finish")) {
            throw OpsException.usage("phase must be start or finish");
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
            if (phase.equals("start")) {
                Proc.Result cur = cluster.kubectlRead("get", "secret", secret, "--output=jsonpath={.data." + k[0] + "}");
                if (!cur.ok()) {
                    throw OpsException.failed("cannot read secret " + secret + ": " + Proc.tail(cur.err()));
                }
                if (cur.out().isBlank()) {
                    if (k[0].equals(mainKey)) {
                        throw OpsException.failed("secret " + secret + " has no " + k[0] + " to rotate");
                    }
                    continue;
                }
                patch.put(k[1], cur.out().strip());
                patch.put(k[0], Base64.getEncoder().encodeToString(fresh(k[2]).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } else {
                patch.put(k[1], null);
            }
        }
        out.printf("rotate %s %s in %s: secret %s keys %s; restart order %s%n", kind.name(), phase, ctx.env(), secret,
                patch.keySet(), readers);
        patchSecret(cluster, secret, patch);
        for (String d : readers) {
            cluster.kubectlWrite("rollout", "restart", "deployment/" + d);
            cluster.kubectlWrite("rollout", "status", "deployment/" + d, "--timeout=" + timeout);
        }
        if (phase.equals("start")) {
            out.println("NEXT after " + kind.window() + ": scripts/bi-ops rotate " + ctx.env() + " " + kind.name() + " finish");
        }
        out.println("RESULT rotate " + kind.name() + " " + phase + " env=" + ctx.env() + " restarted=" + readers.size());
        return 0;
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
