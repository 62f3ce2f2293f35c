package com.bi.common.server;

import java.util.logging.Level;
import java.util.logging.Logger;

import com.bi.common.error.ApiException;
import com.bi.common.error.Problem;
import com.bi.common.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * One error format for every endpoint: RFC 9457 {@code application/problem+json}. Known errors keep their status
 * and message; anything unexpected is a 500 that says only the request id (the stack trace goes to the log).
 */
public final class Problems {
    private static final Logger LOG = Logger.getLogger(Problems.class.getName());
    private static final HttpMediaType PROBLEM_JSON = HttpMediaType.create(Problem.MEDIA_TYPE);

    private Problems() {
    }

    static void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, (req, res, e) -> send(req, res, e));
        routing.error(HttpException.class, (req, res, e) -> send(req, res, e.status().code(), e.status().reasonPhrase(),
                e.status().code() == 404 ? "no endpoint " + req.prologue().method().text() + " " + req.path().absolute().path()
                        : e.status().reasonPhrase(), null));
        routing.error(RequestException.class, (req, res, e) -> send(req, res, e.status().code(),
                e.status().reasonPhrase(), e.safeMessage() ? e.getMessage() : e.status().reasonPhrase(), null));
        routing.error(Throwable.class, (req, res, e) -> {
            LOG.log(Level.SEVERE, "unhandled error on " + req.prologue().method().text() + " " + req.path().path(), e);
            send(req, res, 500, "Internal Server Error",
                    "an unexpected error occurred; quote the request id to the operators", null);
        });
    }

    static void send(ServerRequest req, ServerResponse res, ApiException e) {
        if (e.status() >= 500) {
            // one line: the cause is known (database down …), a stack trace per request would drown the log
            LOG.warning(e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
        }
        if (e.retryAfterSeconds() >= 0 && !res.isSent()) {
            res.headers().set(HeaderNames.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        send(req, res, e.status(), e.title(), e.getMessage(), e.field());
    }

    static void send(ServerRequest req, ServerResponse res, int status, String title, String detail, String field) {
        if (res.isSent()) {
            return;
        }
        String requestId = req.context().get(EdgeFilter.RequestIds.class, EdgeFilter.RequestIds.class)
                .map(EdgeFilter.RequestIds::requestId).orElse(null);
        res.status(Status.create(status));
        res.headers().contentType(PROBLEM_JSON);
        if (status == 401) {
            res.headers().set(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        res.send(Json.bytes(Problem.of(status, title, detail, req.path().absolute().path(), field, requestId)));
    }
}
