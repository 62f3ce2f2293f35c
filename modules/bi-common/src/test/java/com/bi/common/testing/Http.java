package com.bi.common.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.bi.common.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/** A small HTTP client for tests: JSON in, status + headers + parsed JSON out. */
public final class Http {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    public Http(URI base) {
        this.base = base;
    }

    public record Response(int status, HttpHeaders headers, String body) {
        public JsonNode json() {
            try {
                return body.isEmpty() ? MissingNode.getInstance() : Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("content-type");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public URI uri(String path) {
        return base.resolve(path);
    }

    public Response get(String path, String bearer) {
        return send("GET", path, bearer, null, null);
    }

    public Response post(String path, String bearer, String json) {
        return send("POST", path, bearer, json, null);
    }

    public Response put(String path, String bearer, String json, String ifMatch) {
        return send("PUT", path, bearer, json, ifMatch);
    }

    public Response delete(String path, String bearer, String ifMatch) {
        return send("DELETE", path, bearer, null, ifMatch);
    }

    public Response send(String method, String path, String bearer, String json, String ifMatch) {
        return send(method, path, bearer, json, ifMatch, "application/json");
    }

    public Response send(String method, String path, String bearer, String body, String ifMatch, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
