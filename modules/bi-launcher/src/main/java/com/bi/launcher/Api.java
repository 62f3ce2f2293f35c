package com.bi.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.bi.common.json.Json;
import com.fasterxml.jackson.databind.JsonNode;

/** JSON over the platform's HTTP API (through the edge), as the console or a script would call it. */
final class Api implements AutoCloseable {
    /** An answer: its status and its JSON body (null when empty). */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        Answer expect(int... accepted) {
            for (int code : accepted) {
                if (status == code) {
                    return this;
                }
            }
            throw new IllegalStateException("unexpected answer " + status + ": " + body);
        }
    }

    private static final int UNAVAILABLE_PATIENCE_SECONDS = 60;
    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Api(URI base) {
        this.base = base;
    }

    Answer get(String path, String token) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), token);
    }

    Answer post(String path, Object body, String token) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body))), token);
    }

    Answer put(String path, Object body, String token) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body))), token);
    }

    /** The access token of a login at bi-sys. */
    String login(String tenant, String username, String password) {
        Answer answer = post("/api/sys/v1/auth/login",
                Map.of("tenant", tenant, "username", username, "password", password), null).expect(200);
        return answer.body().get("access_token").asText();
    }

    /**
     * Sends, and again while the answer is 503 (a peer not reachable yet: the first gRPC connection of a service that
     * has just started, on a busy laptop) for up to {@value #UNAVAILABLE_PATIENCE_SECONDS} s. Repeating is safe for
     * the seed: a 503 changed nothing, and a create that did happen answers 409 the second time.
     */
    private Answer send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.timeout(Duration.ofSeconds(60));
        long giveUp = System.nanoTime() + Duration.ofSeconds(UNAVAILABLE_PATIENCE_SECONDS).toNanos();
        try {
            while (true) {
                HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                byte[] body = response.body();
                Answer answer = new Answer(response.statusCode(), body.length == 0 ? null : Json.MAPPER.readTree(body));
                if (answer.status() != 503 || System.nanoTime() > giveUp) {
                    return answer;
                }
                Thread.sleep(500);
            }
        } catch (IOException e) {
            throw new IllegalStateException("calling " + base + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
