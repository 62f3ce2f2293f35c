package com.bi.leke.api;

import java.util.Map;

import com.bi.common.error.ApiException;
import com.bi.common.json.Json;
import com.bi.common.security.Roles;
import com.bi.common.server.RequestParams;
import com.bi.common.web.Callers;
import com.bi.common.web.JsonBodies;
import com.bi.common.web.RoleGuard;
import com.bi.leke.domain.Inbox;
import com.bi.leke.domain.LekeWebhooks;
import com.bi.orders.OrderEvent;
import com.bi.leke.domain.WebhookVerifier;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * bi-api-leke's HTTP API under {@value #PREFIX}: the signed webhook (public: the signature is the credential),
 * the tenant's webhook secret, and the inbox with its dead letters.
 */
public final class LekeRoutes implements HttpService {
    public static final String PREFIX = "/api/leke/v1";
    public static final String WEBHOOK = PREFIX + "/webhook";
    private final Inbox inbox;
    private final WebhookVerifier verifier;

    private LekeRoutes(Inbox inbox, WebhookVerifier verifier) {
        this.inbox = inbox;
        this.verifier = verifier;
    }

    public static void register(HttpRouting.Builder routing, Inbox inbox, WebhookVerifier verifier) {
        routing.register(PREFIX, new LekeRoutes(inbox, verifier));
    }

    public record SecretBody(String secret) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/webhook", this::webhook)
                .put("/secret", RoleGuard.any(Roles.ADMIN, Roles.PLATFORM_ADMIN), this::putSecret)
                .get("/inbox", RoleGuard.any(Roles.ADMIN, Roles.ANALYST, Roles.PLATFORM_ADMIN), this::list)
                .get("/inbox/stats", RoleGuard.any(Roles.READ), this::stats)
                .post("/inbox/{id}/retry", RoleGuard.any(Roles.ADMIN, Roles.PLATFORM_ADMIN), this::retry);
    }

    private void webhook(ServerRequest req, ServerResponse res) {
        String tenant = req.headers().first(HeaderNames.create("X-Leke-Tenant")).orElse(null);
        String timestamp = req.headers().first(HeaderNames.create("X-Leke-Timestamp")).orElse(null);
        String signature = req.headers().first(HeaderNames.create("X-Leke-Signature")).orElse(null);
        if (tenant == null || tenant.isBlank() || tenant.length() > 64 || tenant.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.unauthorized("X-Leke-Tenant is required (at most 64 characters, no control characters)");
        }
        byte[] body = JsonBodies.body(req); // broken framing or a bad Content-Length: 400, not a 500 or a hung request
        verifier.verify(inbox.secret(tenant).orElse(null), timestamp, signature, body);
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw ApiException.badRequest(null, "the webhook body must be JSON");
        }
        if (json == null || !json.isObject()) {
            throw ApiException.badRequest(null, "the webhook body must be a JSON object");
        }
        LekeWebhooks.Checked event;
        try {
            event = LekeWebhooks.check(tenant, json);
        } catch (OrderEvent.InvalidOrderException e) {
            // refused before it is stored: a bad order never reaches the inbox or the pipeline
            throw ApiException.badRequest(e.field(), e.getMessage());
        }
        boolean stored = inbox.store(tenant, event.eventId(), event.eventType(), utf8(body));
        String eventId = event.eventId();
        // 2xx only now: the event is committed in the inbox
        JsonBodies.send(res, stored ? Status.ACCEPTED_202 : Status.OK_200,
                Map.of("event_id", eventId, "status", stored ? "accepted" : "duplicate"));
    }

    /** The body as stored: well-formed UTF-8 without NUL (Jackson also reads UTF-16/32, which would store as garbage). */
    private static String utf8(byte[] body) {
        try {
            String text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body)).toString();
            if (text.indexOf('\u0000') >= 0) {
                throw ApiException.badRequest(null, "the webhook body must be UTF-8 JSON without NUL characters");
            }
            return text;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ApiException.badRequest(null, "the webhook body must be UTF-8 JSON");
        }
    }

    private void putSecret(ServerRequest req, ServerResponse res) {
        SecretBody body = JsonBodies.read(req, SecretBody.class);
        if (body.secret() == null || body.secret().length() < 16 || body.secret().length() > 256) {
            throw ApiException.badRequest("secret", "secret must have 16 to 256 characters");
        }
        inbox.secret(Callers.of(req).tenantId(), body.secret());
        res.status(Status.NO_CONTENT_204).send();
    }

    private void list(ServerRequest req, ServerResponse res) {
        String status = req.query().first("status").map(s -> s.toUpperCase(java.util.Locale.ROOT)).orElse(null);
        if (status != null && !status.matches("PENDING|DONE|DEAD")) {
            throw ApiException.badRequest("status", "status must be one of PENDING, DONE, DEAD");
        }
        JsonBodies.send(res, Map.of("items", inbox.list(Callers.of(req).tenantId(), status, 200)));
    }

    private void stats(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, inbox.counts(Callers.of(req).tenantId()));
    }

    private void retry(ServerRequest req, ServerResponse res) {
        long id = RequestParams.id(req, "id");
        if (!inbox.retry(Callers.of(req).tenantId(), id)) {
            throw ApiException.notFound("dead inbox event", id);
        }
        JsonBodies.send(res, Map.of("id", id, "status", "PENDING"));
    }
}
