package com.bi.ops;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.bi.nacos.server.NacosServer;

/** The test's own view of a namespace's configs through Nacos's v1 open API, as the admin (or any user's token). */
final class NacosConfigs {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final NacosServer server;
    private final String namespace;

    NacosConfigs(NacosServer server, String namespace) {
        this.server = server;
        this.namespace = namespace;
    }

    void publish(String dataId, String content) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/cs/configs?accessToken=" + enc(server.login())))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("dataId=" + enc(dataId) + "&group=DEFAULT_GROUP&type=yaml&tenant=" + enc(namespace)
                        + "&content=" + enc(content))).build());
        if (r.statusCode() != 200 || !r.body().contains("true")) {
            throw new AssertionError("publish " + dataId + ": " + r.statusCode() + " " + r.body());
        }
    }

    void delete(String dataId) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/cs/configs?" + query(dataId)
                + "&accessToken=" + enc(server.login()))).DELETE().build());
        if (r.statusCode() != 200) {
            throw new AssertionError("delete " + dataId + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** The content, or null when there is none. */
    String get(String dataId) {
        HttpResponse<String> r = read(dataId, server.login());
        if (r.statusCode() == 404) {
            return null;
        }
        if (r.statusCode() != 200) {
            throw new AssertionError("get " + dataId + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** A read with the given access token, answer as is (403 when the token's user may not read). */
    HttpResponse<String> read(String dataId, String token) {
        return send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/cs/configs?" + query(dataId) + "&accessToken=" + enc(token))).build());
    }

    /** A user's access token, or null when Nacos refuses the login. */
    static String login(NacosServer server, String username, String password) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/auth/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + enc(username) + "&password=" + enc(password))).build());
        if (r.statusCode() != 200) {
            return null;
        }
        String body = r.body();
        int i = body.indexOf("\"accessToken\":\"");
        return body.substring(i + 15, body.indexOf('"', i + 15));
    }

    /** A form POST as the admin (users, roles, permissions); fails the test unless Nacos answers 200. */
    static void adminPost(NacosServer server, String path, String form) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path + "?accessToken=" + enc(server.login())))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        if (r.statusCode() != 200) {
            throw new AssertionError("POST " + path + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** The admin's GET of a user list page matching the name (blur search), as Nacos answers it. */
    static String users(NacosServer server, String name) {
        return send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/auth/users?pageNo=1&pageSize=100&search=blur&username="
                + enc(name) + "&accessToken=" + enc(server.login()))).build()).body();
    }

    private String query(String dataId) {
        return "dataId=" + enc(dataId) + "&group=DEFAULT_GROUP&tenant=" + enc(namespace);
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }
}
