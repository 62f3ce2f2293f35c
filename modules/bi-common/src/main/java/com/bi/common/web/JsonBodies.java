package com.bi.common.web;

import com.bi.common.error.ApiException;
import com.bi.common.json.Json;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** JSON request and response bodies over HTTP, mapped by {@link Json#MAPPER} (the web side of {@link Json}). */
public final class JsonBodies {
    private JsonBodies() {
    }

    /** Reads the request body as {@code type}; 415 unless the body is JSON, 400 naming the field otherwise. */
    public static <T> T read(ServerRequest request, Class<T> type) {
        request.headers().contentType().ifPresent(contentType -> {
            if (!contentType.test(MediaTypes.APPLICATION_JSON)) {
                throw new ApiException(415, "Unsupported Media Type",
                        "the request body must be application/json, not " + contentType.mediaType().text());
            }
        });
        if (!request.content().hasEntity()) {
            throw ApiException.badRequest(null, "a JSON request body is required");
        }
        return Json.parse(body(request), type);
    }

    /**
     * The raw request body (empty when there is none). A body whose framing is broken — a chunk size that is not
     * hex, a connection closed before Content-Length bytes — is a 400, not the 500 Helidon's decoder would cause.
     */
    public static byte[] body(ServerRequest request) {
        // Helidon reads a negative or garbled Content-Length as "until the connection closes": the request would hang
        String length = request.headers().first(HeaderNames.CONTENT_LENGTH).orElse(null);
        if (length != null && !length.matches("\\d{1,18}")) {
            throw ApiException.badRequest(null, "Content-Length must be a non-negative integer");
        }
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        try {
            return request.content().as(byte[].class);
        } catch (ApiException | HttpException e) {
            throw e;
        } catch (DataReader.InsufficientDataAvailableException | IllegalArgumentException | java.io.UncheckedIOException e) {
            throw ApiException.badRequest(null, "malformed request body: its framing (Content-Length or chunked encoding) is broken");
        }
    }

    public static void send(ServerResponse response, Status status, Object body) {
        response.status(status);
        response.headers().contentType(MediaTypes.APPLICATION_JSON);
        response.send(Json.bytes(body));
    }

    public static void send(ServerResponse response, Object body) {
        send(response, Status.OK_200, body);
    }

    /** Header helper for handlers that answer with a Location. */
    public static void created(ServerResponse response, String location, Object body) {
        response.header(HeaderNames.LOCATION, location);
        send(response, Status.CREATED_201, body);
    }
}
