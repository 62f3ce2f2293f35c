package com.bi.chat.api;

import java.util.LinkedHashMap;
import java.util.Map;

import com.bi.chat.domain.Chat;
import com.bi.chat.domain.ChatAnswer;
import com.bi.chat.domain.ConversationStore;
import com.bi.common.security.Roles;
import com.bi.common.web.Callers;
import com.bi.common.web.JsonBodies;
import com.bi.common.web.RoleGuard;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** bi-chat's HTTP API under {@value #PREFIX}: ask a question, read a conversation. */
public final class ChatRoutes implements HttpService {
    public static final String PREFIX = "/api/chat/v1";
    private final Chat chat;

    private ChatRoutes(Chat chat) {
        this.chat = chat;
    }

    public static void register(HttpRouting.Builder routing, Chat chat) {
        routing.register(PREFIX, new ChatRoutes(chat));
    }

    /** The request body; {@code conversation_id} empty or absent starts a conversation. */
    public record AskBody(String conversationId, String question, String locale) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/ask", RoleGuard.any(Roles.READ), this::ask)
                .get("/conversations/{id}", RoleGuard.any(Roles.READ), this::conversation);
    }

    private void ask(ServerRequest req, ServerResponse res) {
        AskBody body = JsonBodies.read(req, AskBody.class);
        ChatAnswer answer = chat.ask(Callers.of(req).tenantId(), body.conversationId(), body.question(), body.locale());
        JsonBodies.send(res, toJson(answer));
    }

    private void conversation(ServerRequest req, ServerResponse res) {
        ConversationStore.Conversation c = chat.conversation(Callers.of(req).tenantId(), req.path().pathParameters().get("id"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("conversation_id", c.id());
        body.put("turns", c.turns().stream().map(t -> {
            Map<String, Object> turn = new LinkedHashMap<>();
            turn.put("question", t.question());
            turn.put("kind", t.kind());
            turn.put("sentence", t.sentence());
            turn.put("query", t.query() == null ? null : t.query().toMap());
            turn.put("asked_at", t.askedAt().toString());
            return turn;
        }).toList());
        body.put("expires_at", c.expiresAt().toString());
        JsonBodies.send(res, body);
    }

    static Map<String, Object> toJson(ChatAnswer a) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("conversation_id", a.conversationId());
        body.put("kind", a.kind());
        body.put("sentence", a.sentence());
        body.put("query", a.query() == null ? null : a.query().toMap());
        body.put("columns", a.columns());
        body.put("rows", a.rows());
        body.put("chart", a.chart());
        body.put("suggestions", a.suggestions());
        body.put("locale", a.locale());
        return body;
    }

}
