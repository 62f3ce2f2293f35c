package com.bi.ops;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Nacos's user, role and permission API (v1 auth, as Nacos 2.x serves it) as the operator's admin user: the only
 * Nacos HTTP calls bi-ops makes itself (configs go through bi-nacos-cli). Passwords go in request bodies, never in
 * URLs or messages.
 */
final class NacosAuth {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 500;

    record Permission(String role, String resource, String action) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String adminUser;
    private final String adminPassword;
    private String token;

    NacosAuth(String serverAddr, String adminUser, String adminPassword) {
        String first = serverAddr.split(",")[0].strip();
        this.base = (first.startsWith("http://") || first.startsWith("https://") ? first : "http://" + first)
                + (first.contains("/nacos") ? "" : "/nacos");
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
    }

    /** The operator's connection: NACOS_SERVER_ADDR, NACOS_USERNAME and NACOS_PASSWORD of a Nacos admin. */
    static NacosAuth fromEnv() {
        String addr = System.getenv("NACOS_SERVER_ADDR");
        String user = System.getenv("NACOS_USERNAME");
        String password = System.getenv("NACOS_PASSWORD");
        if (addr == null || addr.isBlank() || user == null || user.isBlank() || password == null || password.isEmpty()) {
            throw OpsException.usage("rotate nacos needs the Nacos admin connection: NACOS_SERVER_ADDR, NACOS_USERNAME, NACOS_PASSWORD");
        }
        return new NacosAuth(addr, user, password);
    }

    String where() {
        return base;
    }

    String adminUser() {
        return adminUser;
    }

    /** Logs in; the HTTP status (200 when the user and password are accepted). */
    int loginStatus(String username, String password) {
        return send(HttpRequest.newBuilder(URI.create(base + "/v1/auth/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", username, "password", password)))).build()).statusCode();
    }

    private String token() {
        if (token == null) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/v1/auth/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", adminUser, "password", adminPassword)))).build());
            if (r.statusCode() != 200) {
                throw OpsException.failed("Nacos at " + base + " refused the login of " + adminUser + " (HTTP " + r.statusCode() + ")");
            }
            token = json(r, "login").path("accessToken").asText();
        }
        return token;
    }

    boolean userExists(String username) {
        JsonNode page = get("/v1/auth/users", Map.of("search", "accurate", "username", username), "list users");
        for (JsonNode u : page.path("pageItems")) {
            if (username.equals(u.path("username").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The roles bound to the user. */
    List<String> roles(String username) {
        List<String> roles = new ArrayList<>();
        for (JsonNode r : get("/v1/auth/roles", Map.of("search", "accurate", "username", username), "list roles").path("pageItems")) {
            if (username.equals(r.path("username").asText())) {
                roles.add(r.path("role").asText());
            }
        }
        return roles;
    }

    List<Permission> permissions(String role) {
        List<Permission> out = new ArrayList<>();
        for (JsonNode p : get("/v1/auth/permissions", Map.of("search", "accurate", "role", role), "list permissions").path("pageItems")) {
            if (role.equals(p.path("role").asText())) {
                out.add(new Permission(role, p.path("resource").asText(), p.path("action").asText()));
            }
        }
        return out;
    }

    void createUser(String username, String password) {
        write("POST", "/v1/auth/users", Map.of("username", username, "password", password), "create user " + username);
    }

    void bindRole(String role, String username) {
        write("POST", "/v1/auth/roles", Map.of("role", role, "username", username), "bind role " + role + " to " + username);
    }

    void unbindRole(String role, String username) {
        write("DELETE", "/v1/auth/roles", Map.of("role", role, "username", username), "unbind role " + role + " from " + username);
    }

    void deleteUser(String username) {
        write("DELETE", "/v1/auth/users", Map.of("username", username), "delete user " + username);
    }

    private JsonNode get(String path, Map<String, String> query, String what) {
        Map<String, String> q = new LinkedHashMap<>(query);
        q.put("pageNo", "1");
        q.put("pageSize", String.valueOf(PAGE));
        q.put("accessToken", token());
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path + "?" + form(q))).GET().build());
        if (r.statusCode() != 200) {
            throw OpsException.failed("Nacos: " + what + " answered HTTP " + r.statusCode() + ": " + brief(r.body()));
        }
        return json(r, what);
    }

    /** POST with a form body; DELETE with the parameters in the query (Nacos reads them there), never a password. */
    private void write(String method, String path, Map<String, String> params, String what) {
        HttpRequest.Builder b;
        if (method.equals("POST")) {
            b = HttpRequest.newBuilder(URI.create(base + path + "?accessToken=" + enc(token())))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(params)));
        } else {
            Map<String, String> q = new LinkedHashMap<>(params);
            q.put("accessToken", token());
            b = HttpRequest.newBuilder(URI.create(base + path + "?" + form(q))).DELETE();
        }
        HttpResponse<String> r = send(b.build());
        if (r.statusCode() != 200) {
            throw OpsException.failed("Nacos: " + what + " answered HTTP " + r.statusCode() + ": " + brief(r.body()));
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw OpsException.failed("Nacos at " + base + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OpsException.failed("interrupted while calling Nacos");
        }
    }

    private static JsonNode json(HttpResponse<String> r, String what) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw OpsException.failed("Nacos: " + what + " answered no JSON: " + brief(r.body()));
        }
    }

    private static String brief(String body) {
        String b = body == null ? "" : body.strip();
        return b.length() > 200 ? b.substring(0, 200) + "..." : b;
    }

    private static String form(Map<String, String> values) {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        return sb.toString();
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }
}
