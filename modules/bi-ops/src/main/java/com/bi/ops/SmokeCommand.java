package com.bi.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * smoke: after a deploy, through the gateway — the smoke user's login, the gateway refusing an anonymous call,
 * every service's readiness, one authenticated read per service, the console's page. A report with every check
 * (PASS/FAIL/SKIP and latency) and exit 1 when any check failed.
 */
final class SmokeCommand implements Command {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CONSOLE_SKIP = "not deployed: the console (bi-server) has no build in this repository yet (--console checks GET / anyway)";

    @Override
    public String name() {
        return "smoke";
    }

    @Override
    public String summary() {
        return "post-deploy checks through the gateway: login, readiness, one authenticated call per service, console";
    }

    @Override
    public String usage() {
        return """
                usage: bi-ops smoke <env> [--gateway URL] [--services a,b] [--ready-urls svc=URL,...] [options]

                Checks, each reported with PASS/FAIL/SKIP and its latency:
                  login <user>@<tenant>     POST /api/sys/v1/auth/login through the gateway with the smoke user
                  gateway refuses no token  a protected route without a token answers 401
                  ready <service>           readiness of every service: with --ready-urls, GET <url>/observe/health/ready
                                            (the gateway does not route /observe); otherwise from the cluster: every
                                            Deployment of the service (both tracks) has all its replicas ready
                  call <service>            one authenticated GET per service through the gateway (e.g. /api/sys/v1/me)
                  console                   GET / answers HTML — SKIP today: the console is not deployed yet
                Exit 0 when nothing failed, 1 otherwise.

                options:
                  --gateway URL         gateway base URL (BI_OPS_GATEWAY_URL; default from the gateway overlay: dev
                                        http://127.0.0.1:<nodePort>, else http://<release>-apisix-gateway.<namespace>.svc:<port>)
                  --services a,b        services to check (default every service of the chart but the console)
                  --ready-urls s=URL,.. readiness over HTTP (e.g. through kubectl port-forward) instead of from the cluster
                  --credentials FILE    smoke user as a properties file: tenant=, username=, password= (local use)
                  --user-secret NAME    Secret holding the smoke user's keys tenant, username, password (default
                                        bi-ops-smoke); BI_OPS_SMOKE_TENANT/_USERNAME/_PASSWORD win over both
                  --timeout 10s         per request
                  --console             check the console's page although it is not deployed yet
                The password is never printed.
                """;
    }

    @Override
    public Set<String> options() {
        Set<String> o = new HashSet<>(OpsContext.OPTIONS);
        o.addAll(Set.of("gateway", "services", "ready-urls", "credentials", "user-secret", "timeout"));
        return o;
    }

    @Override
    public Set<String> flags() {
        return Set.of("console");
    }

    @Override
    public int run(Args a, PrintStream out) {
        a.expectPositionals(1, 1);
        OpsContext ctx = OpsContext.of(a.positional(0, "env"), a, out);
        Smoke smoke = new Smoke(OpsClock.parseDuration(a.option("timeout", "10s"), "--timeout"));
        List<String> services = services(a.option("services"));
        Map<String, String> readyUrls = pairs(a.option("ready-urls"), "--ready-urls");
        String gateway = a.option("gateway", System.getenv("BI_OPS_GATEWAY_URL"));
        if (gateway == null || gateway.isBlank()) {
            gateway = defaultGateway(ctx);
        }
        if (!gateway.matches("https?://[^\\s]+")) {
            throw OpsException.usage("--gateway '" + gateway + "' is not an http(s) URL");
        }
        Smoke.Credentials who = credentials(ctx, a);
        out.printf("smoke %s through %s as %s: %s%n", ctx.env(), gateway, who, String.join(", ", services));
        if (ctx.dryRun()) {
            out.println("DRY-RUN would check: login, gateway refuses no token, ready/call of each service, console (GET requests only)");
            out.println("RESULT smoke env=" + ctx.env() + " dry-run");
            return 0;
        }
        String token = smoke.login(gateway, who);
        smoke.refusesAnonymous(gateway, Smoke.CALLS.getOrDefault(services.getFirst(), Smoke.CALLS.get("bi-basic")));
        for (String s : services) {
            if (readyUrls.isEmpty()) {
                smoke.add(readyFromCluster(ctx.cluster(), s));
            } else if (readyUrls.containsKey(s)) {
                smoke.ready(s, readyUrls.get(s));
            } else {
                smoke.add(new Smoke.Check("ready " + s, Smoke.Outcome.FAIL, 0, "no --ready-urls entry for " + s));
            }
            smoke.call(s, gateway, token);
        }
        if (a.flag("console")) {
            smoke.console(gateway);
        } else {
            smoke.add(new Smoke.Check("console", Smoke.Outcome.SKIP, 0, CONSOLE_SKIP));
        }
        smoke.print(out);
        out.println("RESULT smoke env=" + ctx.env() + " " + (smoke.passed() ? "passed" : "FAILED") + " " + smoke.totals());
        return smoke.passed() ? 0 : OpsException.FAILED;
    }

    static List<String> services(String option) {
        if (option == null) {
            return Services.names().stream().filter(s -> !s.equals("bi-server")).toList();
        }
        List<String> list = new ArrayList<>();
        for (String s : option.split(",")) {
            list.add(Services.require(s.strip()));
        }
        if (list.isEmpty()) {
            throw OpsException.usage("--services names no service");
        }
        return list;
    }

    static Map<String, String> pairs(String option, String what) {
        Map<String, String> m = new LinkedHashMap<>();
        if (option == null || option.isBlank()) {
            return m;
        }
        for (String pair : option.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || !pair.substring(eq + 1).matches("https?://\\S+")) {
                throw OpsException.usage(what + ": '" + pair + "' is not <service>=<http(s) URL>");
            }
            m.put(Services.require(pair.substring(0, eq).strip()), pair.substring(eq + 1));
        }
        return m;
    }

    /** Every Deployment of the service (blue and green track) has all its replicas ready, and at least one exists. */
    static Smoke.Check readyFromCluster(Cluster cluster, String service) {
        long start = System.nanoTime();
        Proc.Result r = cluster.kubectlRead("get", "deployments", "--selector=app.kubernetes.io/name=" + service, "--output=json");
        long ms = (System.nanoTime() - start) / 1_000_000;
        String name = "ready " + service;
        if (!r.ok()) {
            return new Smoke.Check(name, Smoke.Outcome.FAIL, ms, "kubectl get deployments failed: " + Proc.tail(r.err()));
        }
        int want = 0;
        int ready = 0;
        try {
            for (JsonNode d : JSON.readTree(r.out().isBlank() ? "{}" : r.out()).path("items")) {
                want += d.path("spec").path("replicas").asInt(1);
                ready += d.path("status").path("readyReplicas").asInt(0);
            }
        } catch (IOException e) {
            return new Smoke.Check(name, Smoke.Outcome.FAIL, ms, "kubectl get deployments did not answer JSON");
        }
        boolean ok = want > 0 && ready >= want;
        return new Smoke.Check(name, ok ? Smoke.Outcome.PASS : Smoke.Outcome.FAIL, ms, ready + "/" + want + " replicas ready"
                + (want == 0 ? " (no Deployment of " + service + ")" : ""));
    }

    /** The gateway's address as the gateway overlay of the environment sets it up. */
    @SuppressWarnings("unchecked")
    static String defaultGateway(OpsContext ctx) {
        Map<String, Object> service = Map.of();
        try (InputStream in = Files.newInputStream(ctx.gatewayValues())) {
            Object doc = new Yaml().load(in);
            if (doc instanceof Map<?, ?> m && m.get("apisix") instanceof Map<?, ?> apisix && apisix.get("service") instanceof Map<?, ?> s) {
                service = (Map<String, Object>) s;
            }
        } catch (IOException e) {
            throw OpsException.failed("cannot read " + ctx.gatewayValues() + ": " + e.getMessage());
        }
        Map<String, Object> httpPort = service.get("http") instanceof Map<?, ?> h ? (Map<String, Object>) h : Map.of();
        if ("NodePort".equals(service.get("type")) && httpPort.get("nodePort") instanceof Number n) {
            return "http://127.0.0.1:" + n;
        }
        Object port = httpPort.getOrDefault("servicePort", 80);
        return "http://" + ctx.release() + "-apisix-gateway." + ctx.namespace() + ".svc:" + port;
    }

    /** From the environment, else a properties file, else the Secret (read through the cluster layer, never printed). */
    static Smoke.Credentials credentials(OpsContext ctx, Args a) {
        String tenant = System.getenv("BI_OPS_SMOKE_TENANT");
        String user = System.getenv("BI_OPS_SMOKE_USERNAME");
        String password = System.getenv("BI_OPS_SMOKE_PASSWORD");
        if (tenant != null && user != null && password != null) {
            return new Smoke.Credentials(tenant, user, password);
        }
        if (a.option("credentials") != null) {
            Path f = Path.of(a.option("credentials"));
            Properties p = new Properties();
            try (var r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw OpsException.failed("cannot read --credentials " + f + ": " + e.getMessage());
            }
            return of(p.getProperty("tenant"), p.getProperty("username"), p.getProperty("password"), "--credentials " + f);
        }
        String secret = a.option("user-secret", "bi-ops-smoke");
        Cluster cluster = ctx.cluster();
        String[] values = new String[3];
        String[] keys = {"tenant", "username", "password"};
        for (int i = 0; i < keys.length; i++) {
            Proc.Result r = cluster.kubectlRead("get", "secret", secret, "--output=jsonpath={.data." + keys[i] + "}");
            if (!r.ok()) {
                throw OpsException.failed("cannot read the smoke user's Secret " + secret + ": " + Proc.tail(r.err())
                        + " (create it with keys tenant, username, password, or pass --credentials FILE)");
            }
            values[i] = r.out().isBlank() ? null : new String(Base64.getDecoder().decode(r.out().strip()), StandardCharsets.UTF_8);
        }
        return of(values[0], values[1], values[2], "Secret " + secret);
    }

    private static Smoke.Credentials of(String tenant, String user, String password, String from) {
        if (tenant == null || user == null || password == null || tenant.isBlank() || user.isBlank() || password.isEmpty()) {
            throw OpsException.failed(from + " must hold tenant, username and password");
        }
        return new Smoke.Credentials(tenant.strip(), user.strip(), password);
    }
}
