package com.bi.chat.api;

import com.bi.chat.domain.Chat;
import com.bi.chat.domain.ChatAnswer;
import com.bi.chat.domain.ConversationStore;
import com.bi.common.error.ApiException;
import com.bi.common.grpc.GrpcEdge;
import com.bi.common.json.Json;
import com.bi.common.security.Caller;
import com.bi.common.security.Roles;
import com.bi.proto.chat.v1.AskRequest;
import com.bi.proto.chat.v1.AskResponse;
import com.bi.proto.chat.v1.ChatServiceGrpc;
import com.bi.proto.chat.v1.Conversation;
import com.bi.proto.chat.v1.GetConversationRequest;
import com.bi.proto.chat.v1.Row;
import com.bi.proto.chat.v1.Turn;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.grpc.stub.StreamObserver;

/** chat.proto for bi-server's console: the caller's tenant from the token, never from the message. */
public final class ChatGrpcService extends ChatServiceGrpc.ChatServiceImplBase {
    private final Chat chat;

    public ChatGrpcService(Chat chat) {
        this.chat = chat;
    }

    @Override
    public void ask(AskRequest request, StreamObserver<AskResponse> response) {
        Caller caller = reader();
        ChatAnswer a = chat.ask(caller.tenantId(), request.getConversationId(), request.getQuestion(), request.getLocale());
        AskResponse.Builder out = AskResponse.newBuilder().setConversationId(a.conversationId()).setKind(a.kind())
                .setSentence(a.sentence()).addAllColumns(a.columns()).addAllSuggestions(a.suggestions()).setLocale(a.locale());
        if (a.query() != null) {
            out.setQueryJson(json(a.query().toMap()));
        }
        if (a.chart() != null) {
            out.setChartJson(json(a.chart()));
        }
        a.rows().forEach(cells -> out.addRows(Row.newBuilder().addAllCells(cells)));
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void getConversation(GetConversationRequest request, StreamObserver<Conversation> response) {
        Caller caller = reader();
        ConversationStore.Conversation c = chat.conversation(caller.tenantId(), request.getConversationId());
        Conversation.Builder out = Conversation.newBuilder().setConversationId(c.id()).setExpiresAt(c.expiresAt().toString());
        for (ConversationStore.Turn t : c.turns()) {
            Turn.Builder turn = Turn.newBuilder().setQuestion(t.question()).setKind(t.kind()).setSentence(t.sentence())
                    .setAskedAt(t.askedAt().toString());
            if (t.query() != null) {
                turn.setQueryJson(json(t.query().toMap()));
            }
            out.addTurns(turn);
        }
        response.onNext(out.build());
        response.onCompleted();
    }

    private static Caller reader() {
        Caller caller = GrpcEdge.caller();
        if (!caller.hasAnyRole(Roles.READ)) {
            throw ApiException.forbidden("chat needs one of the roles " + Roles.READ.stream().sorted().toList());
        }
        return caller;
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
