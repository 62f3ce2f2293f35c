package com.bi.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The post-deploy checks, each with its outcome and latency: the smoke user's login through the gateway, the
 * gateway refusing a call without a token, every service's readiness and one authenticated read per service, the
 * console's page. Pure HTTP; where readiness comes from the cluster instead, the caller passes the outcome in.
 */
final class Smoke {
    /** One authenticated read per service: a GET every READ role may call, with no side effect. */
    static final Map<String, String> CALLS = new LinkedHashMap<>();

    static {
        CALLS.put("bi-sys", "/api/sys/v1/me");
        CALLS.put("bi-tenant", "/api/tenant/v1/tenant");
        CALLS.put("bi-basic", "/api/basic/v1/shops");
        CALLS.put("bi-api-jushuitan", "/api/jushuitan/v1/sync/status");
        CALLS.put("bi-api-leke", "/api/leke/v1/inbox/stats");
        CALLS.put("bi-analysis", "/api/analysis/v1/settings");
    }

    static final String LOGIN = "/api/sys/v1/auth/login";
    static final String READY = "/observe/health/ready";
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Outcome { PASS, FAIL, SKIP }

    record Check(String name, Outcome outcome, long millis, String detail) {
    }

    /** Who logs in: never printed (the password), the tenant and user name only in the login line. */
    record Credentials(String tenant, String username, String password) {
        @Override
        public String toString() {
            return username + "@" + tenant;
        }
    }

    private final HttpClient http;
    private final Duration timeout;
    private final List<Check> checks = new ArrayList<>();

    Smoke(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    List<Check> checks() {
        return checks;
    }

    void add(Check c) {
        checks.add(c);
    }

    boolean passed() {
        return checks.stream().noneMatch(c -> c.outcome() == Outcome.FAIL);
    }

    private record Answer(int status, String body, String contentType, long millis, String error) {
    }

    private Answer send(HttpRequest.Builder request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""), elapsed(start), null);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Answer(0, "", "", elapsed(start), "no answer (" + why + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OpsException.failed("interrupted");
        }
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static URI uri(String base, String path) {
        return URI.create(base.replaceAll("/+$", "") + path);
    }

    /** POST login through the gateway; the access token, or null (the check says why). */
    String login(String gateway, Credentials who) {
        ObjectNode body = JSON.createObjectNode().put("tenant", who.tenant()).put("username", who.username()).put("password", who.password());
        Answer a = send(HttpRequest.newBuilder(uri(gateway, LOGIN)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        String name = "login " + who;
        if (a.error() != null) {
            checks.add(new Check(name, Outcome.FAIL, a.millis(), "POST " + LOGIN + ": " + a.error()));
            return null;
        }
        String token = null;
        if (a.status() == 200) {
            try {
                token = JSON.readTree(a.body()).path("access_token").asText(null);
            } catch (IOException e) {
                token = null;
            }
        }
        if (token == null) {
            // the answer's problem title says why (wrong password, locked, unknown tenant); never the request body
            checks.add(new Check(name, Outcome.FAIL, a.millis(), "POST " + LOGIN + " -> " + a.status() + problem(a.body())));
            return null;
        }
        checks.add(new Check(name, Outcome.PASS, a.millis(), "POST " + LOGIN + " -> 200, access token received"));
        return token;
    }

    private static String problem(String body) {
        try {
            JsonNode p = JSON.readTree(body);
            String text = p.path("detail").asText(p.path("title").asText(p.path("message").asText("")));
            return text.isBlank() ? "" : " (" + text.replaceAll("\\s+", " ").substring(0, Math.min(160, text.length())) + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The gateway must refuse a protected route without a token (401): jwt-auth is really on. */
    void refusesAnonymous(String gateway, String path) {
        Answer a = send(HttpRequest.newBuilder(uri(gateway, path)).GET());
        String name = "gateway refuses no token";
        if (a.error() != null) {
            checks.add(new Check(name, Outcome.FAIL, a.millis(), "GET " + path + ": " + a.error()));
        } else {
            checks.add(new Check(name, a.status() == 401 ? Outcome.PASS : Outcome.FAIL, a.millis(),
                    "GET " + path + " without a token -> " + a.status() + (a.status() == 401 ? "" : " (expected 401)")));
        }
    }

    /** GET the service's readiness at {@code base} (the service itself; the gateway does not route /observe). */
    void ready(String service, String base) {
        Answer a = send(HttpRequest.newBuilder(uri(base, READY)).GET());
        String name = "ready " + service;
        if (a.error() != null) {
            checks.add(new Check(name, Outcome.FAIL, a.millis(), base + READY + ": " + a.error()));
            return;
        }
        checks.add(new Check(name, a.status() == 200 ? Outcome.PASS : Outcome.FAIL, a.millis(), "GET " + base + READY + " -> " + a.status()));
    }

    /** One authenticated read of the service at {@code base} (the gateway, or a preview Service during blue-green). */
    void call(String service, String base, String token) {
        String path = CALLS.get(service);
        String name = "call " + service;
        if (path == null) {
            checks.add(new Check(name, Outcome.SKIP, 0, "no implementation of " + service + " in this repository yet: nothing to call"));
            return;
        }
        if (token == null) {
            checks.add(new Check(name, Outcome.SKIP, 0, "GET " + path + " not tried: no token (the login failed)"));
            return;
        }
        Answer a = send(HttpRequest.newBuilder(uri(base, path)).header("Authorization", "Bearer " + token).GET());
        if (a.error() != null) {
            checks.add(new Check(name, Outcome.FAIL, a.millis(), "GET " + path + ": " + a.error()));
            return;
        }
        checks.add(new Check(name, a.status() == 200 ? Outcome.PASS : Outcome.FAIL, a.millis(), "GET " + path + " -> " + a.status()
                + (a.status() == 200 ? "" : problem(a.body()))));
    }

    /** The console's page through the gateway: 200 and HTML. */
    void console(String gateway) {
        Answer a = send(HttpRequest.newBuilder(uri(gateway, "/")).header("Accept", "text/html").GET());
        if (a.error() != null) {
            checks.add(new Check("console", Outcome.FAIL, a.millis(), "GET /: " + a.error()));
            return;
        }
        boolean ok = a.status() == 200 && a.contentType().startsWith("text/html");
        checks.add(new Check("console", ok ? Outcome.PASS : Outcome.FAIL, a.millis(), "GET / -> " + a.status() + " " + a.contentType()));
    }

    /** The report: one line per check, then the totals. */
    void print(PrintStream out) {
        for (Check c : checks) {
            out.printf("  %-4s %-30s %7s  %s%n", c.outcome(), c.name(), c.outcome() == Outcome.SKIP ? "-" : c.millis() + " ms", c.detail());
        }
    }

    String totals() {
        return "passed=" + count(Outcome.PASS) + " failed=" + count(Outcome.FAIL) + " skipped=" + count(Outcome.SKIP);
    }

    private long count(Outcome o) {
        return checks.stream().filter(c -> c.outcome() == o).count();
    }
}
