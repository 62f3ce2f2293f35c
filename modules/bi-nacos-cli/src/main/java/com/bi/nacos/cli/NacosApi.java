package com.bi.nacos.cli;

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
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The Nacos open API (v1, served by 2.x and 3.x servers) for configs, with a login token when a user is given. */
final class NacosApi {
    record Item(String group, String dataId, String type, String content) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String namespace;
    private final String username;
    private final String password;
    private String token;

    NacosApi(String serverAddr, String namespace, String username, String password) {
        String first = serverAddr.split(",")[0].trim().replaceFirst("^https?://", "").replaceFirst("/.*$", "");
        this.base = (serverAddr.startsWith("https://") ? "https://" : "http://") + first + "/nacos";
        this.namespace = namespace == null ? "" : namespace;
        this.username = username;
        this.password = password;
    }

    String where() {
        return base + " namespace '" + (namespace.isEmpty() ? "public" : namespace) + "'";
    }

    String namespace() {
        return namespace;
    }

    Optional<String> get(String dataId, String group) {
        HttpResponse<String> r = send("GET", "/v1/cs/configs", Map.of("dataId", dataId, "group", group, "tenant", namespace), null);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        check(r, "read " + group + "/" + dataId);
        return Optional.of(r.body());
    }

    void publish(String dataId, String group, String type, String content) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("dataId", dataId);
        form.put("group", group);
        form.put("tenant", namespace);
        form.put("type", type == null || type.isBlank() ? "yaml" : type);
        form.put("content", content);
        HttpResponse<String> r = send("POST", "/v1/cs/configs", Map.of(), form);
        check(r, "publish " + group + "/" + dataId);
        if (!r.body().trim().equals("true")) {
            throw new CliException("Nacos did not accept " + group + "/" + dataId + ": " + r.body());
        }
    }

    /** Every config of the namespace (all groups), content included. */
    List<Item> list() {
        List<Item> items = new ArrayList<>();
        for (int page = 1; ; page++) {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("search", "blur");
            q.put("dataId", "");
            q.put("group", "");
            q.put("tenant", namespace);
            q.put("pageNo", Integer.toString(page));
            q.put("pageSize", "200");
            HttpResponse<String> r = send("GET", "/v1/cs/configs", q, null);
            check(r, "list configs");
            try {
                JsonNode root = JSON.readTree(r.body());
                for (JsonNode item : root.path("pageItems")) {
                    items.add(new Item(item.path("group").asText(), item.path("dataId").asText(),
                            item.path("type").asText("yaml"), item.path("content").asText("")));
                }
                if (page >= root.path("pagesAvailable").asInt(1)) {
                    return items;
                }
            } catch (IOException e) {
                throw new CliException("unexpected answer listing configs: " + r.body());
            }
        }
    }

    private void check(HttpResponse<String> r, String what) {
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new CliException("Nacos refused to " + what + " (" + r.statusCode() + "): check NACOS_USERNAME/NACOS_PASSWORD");
        }
        if (r.statusCode() / 100 != 2) {
            throw new CliException("Nacos failed to " + what + ": " + r.statusCode() + " " + r.body());
        }
    }

    private String token() {
        if (token == null && username != null && !username.isBlank()) {
            HttpResponse<String> r = raw("POST", base + "/v1/auth/login", form(Map.of("username", username,
                    "password", password == null ? "" : password)));
            if (r.statusCode() != 200) {
                throw new CliException("Nacos login as '" + username + "' failed (" + r.statusCode() + "): " + r.body().trim());
            }
            try {
                token = JSON.readTree(r.body()).path("accessToken").asText();
            } catch (IOException e) {
                throw new CliException("unexpected login answer: " + r.body());
            }
        }
        return token;
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> query, Map<String, String> form) {
        Map<String, String> q = new LinkedHashMap<>(query);
        String t = token();
        if (t != null) {
            q.put("accessToken", t);
        }
        String url = base + path + (q.isEmpty() ? "" : "?" + form(q));
        return raw(method, url, form == null ? null : form(form));
    }

    private HttpResponse<String> raw(String method, String url, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (body != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CliException("Nacos at " + base + " is unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
