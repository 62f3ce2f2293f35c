package com.bi.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bi.common.server.Service;
import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * smoke against the real services: bi-tenant, bi-sys and bi-basic started in this JVM on the test PostgreSQL (wired as
 * in production), behind a path-prefix proxy standing in for APISIX (which cannot run here); the CLI runs as the
 * operator runs it, in its own JVM, and logs in as a smoke user created through the services' own APIs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmokeTest {
    static final String OPERATOR_PASSWORD = "Operator-Smoke-Pw-2026!";
    static final String SMOKE_PASSWORD = "Checker-Pw-2026!x";
    static final List<String> SERVICES = List.of("bi-sys", "bi-tenant", "bi-basic");

    static final List<ServiceUnderTest> RUNNING = new ArrayList<>();
    static final Map<String, WebServer> SERVERS = new LinkedHashMap<>();
    static final Map<String, URI> BASES = new LinkedHashMap<>();
    static HttpServer gateway;
    static String tenantCode;

    @BeforeAll
    static void startPlatform() throws Exception {
        Map<String, String> common = new HashMap<>();
        common.put("bi.tenant.status.check", "true");
        common.put("bi.tenant.status.ttl", "1s");
        ServiceUnderTest tenant = start(new com.bi.tenant.TenantService(), common);
        common.put("bi.peers.tenant.address", tenant.grpcAddress());
        Map<String, String> sysConfig = new HashMap<>(common);
        sysConfig.put("bi.bootstrap.admin.password", OPERATOR_PASSWORD);
        sysConfig.put("bi.sys.argon2.memory.kib", "1024");
        sysConfig.put("bi.sys.argon2.iterations", "1");
        start(new com.bi.sys.SysService(), sysConfig);
        start(new com.bi.basic.BasicService(), common);
        gateway = prefixGateway();

        // the smoke user: a VIEWER of a tenant of its own, created as an operator would
        Http sys = new Http(base("bi-sys"));
        Http tenants = new Http(base("bi-tenant"));
        var login = sys.post("/api/sys/v1/auth/login", null, """
                {"tenant":"platform","username":"admin","password":"%s"}""".formatted(OPERATOR_PASSWORD));
        assertEquals(200, login.status(), login.toString());
        String operator = "Bearer " + login.json().get("access_token").asText();
        tenantCode = "smoke" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        var created = tenants.post("/api/tenant/v1/admin/tenants", operator, """
                {"code":"%s","name":"Smoke checks"}""".formatted(tenantCode));
        assertEquals(201, created.status(), created.toString());
        String body = """
                {"username":"smoke","password":"%s","roles":["VIEWER"]}""".formatted(SMOKE_PASSWORD);
        var user = untilAvailable(() -> sys.post("/api/sys/v1/admin/tenants/" + tenantCode + "/users", operator, body));
        assertEquals(201, user.status(), user.toString());
        // the services ask bi-tenant about a tenant they have not seen yet (503 until it answers, on a loaded machine):
        // warm them up so the checks below measure the platform, not its first contact with the new tenant
        var smoke = sys.post("/api/sys/v1/auth/login", null, """
                {"tenant":"%s","username":"smoke","password":"%s"}""".formatted(tenantCode, SMOKE_PASSWORD));
        assertEquals(200, smoke.status(), smoke.toString());
        String token = "Bearer " + smoke.json().get("access_token").asText();
        for (String s : SERVICES) {
            var warm = untilAvailable(() -> new Http(base(s)).get(Smoke.CALLS.get(s), token));
            assertEquals(200, warm.status(), s + " " + warm);
        }
    }

    static Http.Response untilAvailable(java.util.function.Supplier<Http.Response> call) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
        Http.Response r = call.get();
        while (r.status() == 503 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            r = call.get();
        }
        return r;
    }

    /** The service from its own declaration (as production wires it) on a fresh schema. */
    private static ServiceUnderTest start(Service service, Map<String, String> config) {
        ServiceUnderTest started = ServiceUnderTest.of(service).withDatabase().config(config).start();
        RUNNING.add(started);
        SERVERS.put(service.name(), started.server());
        BASES.put(service.name(), started.uri());
        return started;
    }

    /** Kept from the start: a stopped server no longer knows its port. */
    static URI base(String service) {
        return BASES.get(service);
    }

    /** Routes /api/<name>/v1/... to bi-<name> like the chart's APISIX routes; 502 when the upstream does not answer. */
    static HttpServer prefixGateway() throws IOException {
        HttpClient client = HttpClient.newHttpClient();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                String[] parts = exchange.getRequestURI().getPath().split("/");
                String service = parts.length > 2 && parts[1].equals("api") ? "bi-" + parts[2] : null;
                if (service == null || !SERVERS.containsKey(service)) {
                    reply(exchange, 404, "{\"error_msg\":\"404 Route Not Found\"}");
                    return;
                }
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                HttpRequest.Builder request = HttpRequest.newBuilder(base(service).resolve(exchange.getRequestURI().getRawPath()))
                        .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
                for (String h : List.of("Authorization", "Content-Type")) {
                    String v = exchange.getRequestHeaders().getFirst(h);
                    if (v != null) {
                        request.header(h, v);
                    }
                }
                try {
                    HttpResponse<byte[]> r = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                    r.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
                    exchange.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
                    if (r.body().length > 0) {
                        try (OutputStream os = exchange.getResponseBody()) {
                            os.write(r.body());
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    reply(exchange, 502, "{\"error_msg\":\"upstream " + service + " unavailable\"}");
                }
            }
        });
        server.start();
        return server;
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] out = json.getBytes();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.stop(0);
        }
        RUNNING.forEach(ServiceUnderTest::close);
    }

    static String gatewayUrl() {
        return "http://127.0.0.1:" + gateway.getAddress().getPort();
    }

    static String readyUrls() {
        return String.join(",", SERVICES.stream().map(s -> s + "=" + base(s)).toList());
    }

    static OpsProcess ops(String name, String password) throws Exception {
        OpsProcess ops = new OpsProcess(Path.of("target/smoke-" + name));
        Path credentials = ops.dir.resolve("smoke.properties");
        Files.writeString(credentials, "tenant=" + tenantCode + "\nusername=smoke\npassword=" + password + "\n");
        return ops;
    }

    static String line(String out, String check) {
        return out.lines().filter(l -> l.matches("  (PASS|FAIL|SKIP) +" + java.util.regex.Pattern.quote(check) + " .*"))
                .findFirst().orElseThrow(() -> new AssertionError("no check '" + check + "' in:\n" + out));
    }

    @Test
    @Order(1)
    void passesWhenEveryServiceIsReadyAndAnswersTheSmokeUser() throws Exception {
        OpsProcess ops = ops("pass", SMOKE_PASSWORD);
        OpsProcess.Result r = ops.run("smoke", "dev", "--gateway", gatewayUrl(), "--services", String.join(",", SERVICES),
                "--ready-urls", readyUrls(), "--credentials", ops.dir.resolve("smoke.properties").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(line(r.out(), "login smoke@" + tenantCode).startsWith("  PASS"), r.out());
        assertTrue(line(r.out(), "gateway refuses no token").contains("-> 401"), r.out());
        for (String s : SERVICES) {
            assertTrue(line(r.out(), "ready " + s).startsWith("  PASS"), r.out());
            assertTrue(line(r.out(), "call " + s).matches("  PASS .* \\d+ ms  GET /api/.* -> 200"), r.out());
        }
        assertTrue(line(r.out(), "console").contains("SKIP") && line(r.out(), "console").contains("not deployed"), r.out());
        assertTrue(r.out().contains("RESULT smoke env=dev passed passed=8 failed=0 skipped=1"), r.out());
        assertFalse((r.out() + r.err()).contains(SMOKE_PASSWORD), "the password is never printed");
    }

    @Test
    @Order(2)
    void aWrongPasswordFailsTheLoginAndNoCallIsPretended() throws Exception {
        OpsProcess ops = ops("wrong-password", "Not-The-Password-1!");
        OpsProcess.Result r = ops.run("smoke", "dev", "--gateway", gatewayUrl(), "--services", String.join(",", SERVICES),
                "--ready-urls", readyUrls(), "--credentials", ops.dir.resolve("smoke.properties").toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(line(r.out(), "login smoke@" + tenantCode).matches("  FAIL .*POST /api/sys/v1/auth/login -> 401.*"), r.out());
        for (String s : SERVICES) {
            assertTrue(line(r.out(), "call " + s).matches("  SKIP .*not tried: no token.*"), r.out());
            assertTrue(line(r.out(), "ready " + s).startsWith("  PASS"), "readiness does not depend on the login: " + r.out());
        }
        assertTrue(r.out().contains("RESULT smoke env=dev FAILED"), r.out());
        assertFalse((r.out() + r.err()).contains("Not-The-Password-1!"));
    }

    @Test
    @Order(3)
    void readinessFromTheClusterAndTheUserFromItsSecret() throws Exception {
        // credentials from the Secret (base64 as kubectl answers), readiness from the Deployments: bi-basic's green
        // track has 1 of 2 replicas ready, so it fails although every HTTP call passes
        OpsProcess ops = ops("cluster", SMOKE_PASSWORD);
        Map<String, String> secret = Map.of("tenant", tenantCode, "username", "smoke", "password", SMOKE_PASSWORD);
        StringBuilder script = new StringBuilder("#!/usr/bin/env bash\nprintf 'kubectl %s\\n' \"$*\" >>'" + ops.log + "'\ncase \"$*\" in\n");
        for (var e : secret.entrySet()) {
            script.append("  *'get secret bi-ops-smoke --output=jsonpath={.data.").append(e.getKey()).append("}'*) echo ")
                    .append(Base64.getEncoder().encodeToString(e.getValue().getBytes())).append(";;\n");
        }
        for (String s : SERVICES) {
            String green = s.equals("bi-basic") ? "{\"spec\":{\"replicas\":2},\"status\":{\"readyReplicas\":1}}"
                    : "{\"spec\":{\"replicas\":2},\"status\":{\"readyReplicas\":2}}";
            script.append("  *'get deployments --selector=app.kubernetes.io/name=").append(s).append(" --output=json'*) echo '")
                    .append("{\"items\":[{\"spec\":{\"replicas\":0},\"status\":{}},").append(green).append("]}';;\n");
        }
        script.append("  *) exit 1;;\nesac\n");
        Path kubectl = ops.dir.resolve("kubectl-smoke");
        Files.writeString(kubectl, script);
        assertTrue(kubectl.toFile().setExecutable(true));
        ops.env.put("BI_OPS_KUBECTL", kubectl.toString());
        OpsProcess.Result r = ops.run("smoke", "dev", "--gateway", gatewayUrl(), "--services", String.join(",", SERVICES));
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(line(r.out(), "login smoke@" + tenantCode).startsWith("  PASS"), r.out());
        assertTrue(line(r.out(), "ready bi-sys").contains("2/2 replicas ready"), r.out());
        assertTrue(line(r.out(), "ready bi-basic").matches("  FAIL .*1/2 replicas ready"), r.out());
        assertTrue(line(r.out(), "call bi-basic").startsWith("  PASS"), r.out());
        assertTrue(ops.calls().contains("kubectl --namespace=bi-dev get secret bi-ops-smoke --output=jsonpath={.data.password}"), ops.calls().toString());
        assertFalse((r.out() + r.err()).contains(SMOKE_PASSWORD));
    }

    /**
     * blue-green checks the idle track with smoke's checks when it can reach it (--smoke-url): here the real bi-basic
     * plays the idle track; the cluster boundary is the recording helm/kubectl of BlueGreenTest, helm template is real.
     */
    @Test
    @Order(4)
    void blueGreenSmokesTheIdleTrackAndAbortsWhenTheSmokeUserIsRefused() throws Exception {
        OpsProcess ok = BlueGreenTest.ops("smoke-pass");
        Path credentials = ok.dir.resolve("smoke.properties");
        Files.writeString(credentials, "tenant=" + tenantCode + "\nusername=smoke\npassword=" + SMOKE_PASSWORD + "\n");
        OpsProcess.Result r = ok.run("blue-green", "test", "bi-basic", "1.5.0-1b2c3d4", "--grace", "0s", "--smoke-url", base("bi-basic").toString(),
                "--gateway", gatewayUrl(), "--credentials", credentials.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(line(r.out(), "ready bi-basic").startsWith("  PASS") && line(r.out(), "call bi-basic").startsWith("  PASS"), r.out());
        assertTrue(r.out().contains("RESULT switched service=bi-basic"), r.out());

        OpsProcess refused = BlueGreenTest.ops("smoke-refused");
        Path wrong = refused.dir.resolve("smoke.properties");
        Files.writeString(wrong, "tenant=" + tenantCode + "\nusername=smoke\npassword=Wrong-Pw-2026!x\n");
        r = refused.run("blue-green", "test", "bi-basic", "1.5.0-1b2c3d4", "--grace", "0s", "--smoke-url", base("bi-basic").toString(),
                "--gateway", gatewayUrl(), "--credentials", wrong.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("smoke of the idle track failed (passed=1 failed=1 skipped=1) — aborting"), r.out());
        assertTrue(r.out().contains("RESULT aborted service=bi-basic active=blue"), r.out());
        assertEquals(2, refused.calls().stream().filter(c -> c.startsWith("helm upgrade")).count(), "deploy and abort, never the switch");
    }

    @Test
    @Order(5)
    void aServiceDownFailsItsReadinessAndItsCall() throws Exception {
        String readyUrls = readyUrls();
        SERVERS.get("bi-basic").stop();
        OpsProcess ops = ops("down", SMOKE_PASSWORD);
        OpsProcess.Result r = ops.run("smoke", "dev", "--gateway", gatewayUrl(), "--services", String.join(",", SERVICES),
                "--ready-urls", readyUrls, "--credentials", ops.dir.resolve("smoke.properties").toString(), "--timeout", "5s");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(line(r.out(), "ready bi-basic").matches("  FAIL .*no answer.*"), r.out());
        assertTrue(line(r.out(), "call bi-basic").matches("  FAIL .*GET /api/basic/v1/shops -> 502.*"), r.out());
        assertTrue(line(r.out(), "call bi-sys").startsWith("  PASS") && line(r.out(), "ready bi-tenant").startsWith("  PASS"), r.out());
        assertTrue(r.out().contains("failed=2"), r.out());
    }
}
