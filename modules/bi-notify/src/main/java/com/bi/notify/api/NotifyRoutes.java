package com.bi.notify.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.bi.common.crud.PageRequest;
import com.bi.common.error.ApiException;
import com.bi.common.security.Roles;
import com.bi.common.web.Callers;
import com.bi.common.web.JsonBodies;
import com.bi.common.web.RoleGuard;
import com.bi.notify.domain.Attachment;
import com.bi.notify.domain.Channel;
import com.bi.notify.domain.ChannelDraft;
import com.bi.notify.domain.ChannelSecrets;
import com.bi.notify.domain.Delivery;
import com.bi.notify.domain.DeliveryAttempt;
import com.bi.notify.domain.DeliveryStatus;
import com.bi.notify.domain.MessageTemplate;
import com.bi.notify.domain.Notifications;
import com.bi.notify.domain.Outbox;
import com.bi.notify.domain.SendCommand;
import com.bi.notify.domain.TemplateDraft;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * bi-notify's HTTP API: channels (admins; secrets write-only — answers say which are set, never their values),
 * message templates, {@code POST send} (idempotent by key), the delivery log and manual retry. The tenant is always
 * the token's.
 */
public final class NotifyRoutes implements HttpService {
    /** Who may send: services (bi-cron, bi-plan-taoxi) and the tenant's analysts and admins. */
    static final Set<String> SENDERS = Set.of(Roles.SERVICE, Roles.ANALYST, Roles.ADMIN, Roles.PLATFORM_ADMIN);
    static final Set<String> ADMINS = Set.of(Roles.ADMIN, Roles.PLATFORM_ADMIN);
    private final Notifications notifications;

    private NotifyRoutes(Notifications notifications) {
        this.notifications = notifications;
    }

    public static void register(HttpRouting.Builder routing, String prefix, Notifications notifications) {
        routing.register(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix, new NotifyRoutes(notifications));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/channels", RoleGuard.any(Roles.READ), this::channels)
                .post("/channels", RoleGuard.any(ADMINS), this::createChannel)
                .get("/channels/{id}", RoleGuard.any(Roles.READ), this::channel)
                .put("/channels/{id}", RoleGuard.any(ADMINS), this::updateChannel)
                .delete("/channels/{id}", RoleGuard.any(ADMINS), this::deleteChannel)
                .post("/channels/{id}/test", RoleGuard.any(ADMINS), this::testChannel)
                .get("/templates", RoleGuard.any(Roles.READ), this::templates)
                .post("/templates", RoleGuard.any(Roles.WRITE), this::createTemplate)
                .get("/templates/{id}", RoleGuard.any(Roles.READ), this::template)
                .put("/templates/{id}", RoleGuard.any(Roles.WRITE), this::updateTemplate)
                .delete("/templates/{id}", RoleGuard.any(Roles.WRITE), this::deleteTemplate)
                .post("/send", RoleGuard.any(SENDERS), this::send)
                .get("/deliveries", RoleGuard.any(Roles.READ), this::deliveries)
                .get("/deliveries/{id}", RoleGuard.any(Roles.READ), this::delivery)
                .post("/deliveries/{id}/retry", RoleGuard.any(ADMINS), this::retry);
    }

    private static String tenant(ServerRequest req) {
        return Callers.of(req).tenantId();
    }

    private static UUID id(ServerRequest req) {
        return Notifications.uuid(req.path().pathParameters().get("id"), "id");
    }

    // ---- channels

    private void channels(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, Map.of("items", notifications.channels(tenant(req)).stream().map(this::view).toList()));
    }

    private void createChannel(ServerRequest req, ServerResponse res) {
        Channel channel = notifications.createChannel(tenant(req), JsonBodies.read(req, ChannelDraft.class));
        JsonBodies.created(res, "/api/notify/v1/channels/" + channel.id(), view(channel));
    }

    private void channel(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, view(notifications.channel(tenant(req), id(req))));
    }

    private void updateChannel(ServerRequest req, ServerResponse res) {
        UUID id = id(req);
        JsonBodies.send(res, view(notifications.updateChannel(tenant(req), id, JsonBodies.read(req, ChannelDraft.class))));
    }

    private void deleteChannel(ServerRequest req, ServerResponse res) {
        notifications.deleteChannel(tenant(req), id(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void testChannel(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, view(notifications.test(tenant(req), id(req)), null));
    }

    private Map<String, Object> view(Channel c) {
        ChannelSecrets set = notifications.secretsSet(c);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.id().toString());
        out.put("name", c.name());
        out.put("kind", c.kind().name());
        out.put("enabled", c.enabled());
        if (c.email() == null) {
            out.put("url_host", c.urlHost());
            out.put("url_set", set.url() != null);
            out.put("secret_set", set.secret() != null);
        } else {
            out.put("smtp_host", c.email().host());
            out.put("smtp_port", c.email().port());
            out.put("smtp_security", c.email().security().name());
            if (c.email().username() != null) {
                out.put("username", c.email().username());
            }
            out.put("password_set", set.password() != null);
            out.put("from", c.email().from());
            out.put("to", c.email().to());
        }
        out.put("version", c.version());
        out.put("created_at", c.createdAt().toString());
        out.put("updated_at", c.updatedAt().toString());
        return out;
    }

    // ---- templates

    private void templates(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, Map.of("items", notifications.templates(tenant(req)).stream().map(NotifyRoutes::view).toList()));
    }

    private void createTemplate(ServerRequest req, ServerResponse res) {
        MessageTemplate template = notifications.createTemplate(tenant(req), JsonBodies.read(req, TemplateDraft.class));
        JsonBodies.created(res, "/api/notify/v1/templates/" + template.id(), view(template));
    }

    private void template(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, view(notifications.template(tenant(req), id(req))));
    }

    private void updateTemplate(ServerRequest req, ServerResponse res) {
        UUID id = id(req);
        JsonBodies.send(res, view(notifications.updateTemplate(tenant(req), id, JsonBodies.read(req, TemplateDraft.class))));
    }

    private void deleteTemplate(ServerRequest req, ServerResponse res) {
        notifications.deleteTemplate(tenant(req), id(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private static Map<String, Object> view(MessageTemplate t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", t.id().toString());
        out.put("name", t.name());
        out.put("title", t.title());
        out.put("markdown", t.markdown());
        out.put("variables", List.copyOf(com.bi.notify.domain.Templates.variables(t.title() + "\n" + t.markdown())));
        out.put("version", t.version());
        out.put("created_at", t.createdAt().toString());
        out.put("updated_at", t.updatedAt().toString());
        return out;
    }

    // ---- send

    /** The body of {@code POST send}; attachments' {@code data} is base64. */
    record SendBody(String idempotencyKey, List<String> channelIds, String title, String markdown, List<AttachmentBody> images,
                    List<AttachmentBody> files, String template, Map<String, String> variables) {
    }

    record AttachmentBody(String name, String contentType, byte[] data) {
    }

    private void send(ServerRequest req, ServerResponse res) {
        SendBody body = JsonBodies.read(req, SendBody.class);
        String header = req.headers().first(HeaderNames.create("Idempotency-Key")).orElse(null);
        String key = body.idempotencyKey();
        if (header != null && key != null && !header.equals(key)) {
            throw ApiException.badRequest("idempotency_key", "the Idempotency-Key header and idempotency_key differ");
        }
        Outbox.Accepted accepted = notifications.send(tenant(req), new SendCommand(key != null ? key : header, body.channelIds(),
                body.title(), body.markdown(), attachments(body.images(), Attachment.Role.IMAGE),
                attachments(body.files(), Attachment.Role.FILE), body.template(), body.variables()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("message_id", accepted.messageId().toString());
        out.put("duplicate", accepted.duplicate());
        out.put("deliveries", accepted.deliveries().stream().map(d -> view(d, null)).toList());
        JsonBodies.send(res, accepted.duplicate() ? Status.OK_200 : Status.ACCEPTED_202, out);
    }

    private static List<Attachment> attachments(List<AttachmentBody> bodies, Attachment.Role role) {
        if (bodies == null) {
            return List.of();
        }
        List<Attachment> out = new ArrayList<>();
        for (AttachmentBody b : bodies) {
            out.add(b == null ? null : new Attachment(role, b.name(), b.contentType(), b.data()));
        }
        return out;
    }

    // ---- deliveries

    private void deliveries(ServerRequest req, ServerResponse res) {
        var query = req.query();
        PageRequest page = PageRequest.parse(query.first("page").orElse(null), query.first("size").orElse(null));
        DeliveryStatus status = null;
        if (query.contains("status")) {
            try {
                status = DeliveryStatus.valueOf(query.get("status"));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("status", "status is one of " + List.of(DeliveryStatus.values()));
            }
        }
        UUID channelId = query.contains("channel_id") ? Notifications.uuid(query.get("channel_id"), "channel_id") : null;
        UUID messageId = query.contains("message_id") ? Notifications.uuid(query.get("message_id"), "message_id") : null;
        String tenant = tenant(req);
        List<Map<String, Object>> items = notifications.deliveries(tenant, status, channelId, messageId, page.offset(), page.size())
                .stream().map(d -> view(d, null)).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items);
        out.put("page", page.page());
        out.put("size", page.size());
        out.put("total", notifications.countDeliveries(tenant, status, channelId, messageId));
        JsonBodies.send(res, out);
    }

    private void delivery(ServerRequest req, ServerResponse res) {
        UUID id = id(req);
        String tenant = tenant(req);
        JsonBodies.send(res, view(notifications.delivery(tenant, id), notifications.attempts(tenant, id)));
    }

    private void retry(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, view(notifications.retry(tenant(req), id(req)), null));
    }

    static Map<String, Object> view(Delivery d, List<DeliveryAttempt> attempts) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", d.id().toString());
        out.put("message_id", d.messageId().toString());
        out.put("channel_id", d.channelId().toString());
        out.put("channel_kind", d.channelKind().name());
        out.put("channel_name", d.channelName());
        out.put("status", d.status().name());
        out.put("attempts", d.attempts());
        if (d.nextAttemptAt() != null) {
            out.put("next_attempt_at", d.nextAttemptAt().toString());
        }
        if (d.lastError() != null) {
            out.put("last_error", d.lastError());
        }
        if (d.sentAt() != null) {
            out.put("sent_at", d.sentAt().toString());
        }
        out.put("created_at", d.createdAt().toString());
        out.put("updated_at", d.updatedAt().toString());
        if (attempts != null) {
            out.put("log", attempts.stream().map(a -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("attempted_at", a.attemptedAt().toString());
                entry.put("outcome", a.outcome().name());
                entry.put("requests", a.posts());
                if (a.error() != null) {
                    entry.put("error", a.error());
                }
                return entry;
            }).toList());
        }
        return out;
    }
}
