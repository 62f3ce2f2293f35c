package com.bi.chat.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.bi.chat.domain.ChatQuery;
import com.bi.chat.domain.ConversationStore;
import com.bi.common.data.Jdbc;
import com.bi.common.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;

/** Conversations in PostgreSQL; every statement is scoped to the tenant. */
public final class JdbcConversationStore implements ConversationStore {
    private final Jdbc jdbc;

    public JdbcConversationStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Conversation> find(String tenantId, String id, Instant now) {
        UUID uuid = UUID.fromString(id);
        return jdbc.one("SELECT last_query::text AS last_query, expires_at FROM conversation WHERE tenant_id = ? AND id = ? AND expires_at > ?",
                row -> new Object[] {row.getString("last_query"), row.getTimestamp("expires_at").toInstant()}, tenantId, uuid, now)
                .map(head -> {
                    List<Turn> turns = jdbc.list("SELECT question, kind, sentence, query::text AS query, asked_at FROM conversation_turn"
                            + " WHERE tenant_id = ? AND conversation_id = ? ORDER BY seq", JdbcConversationStore::turn, tenantId, uuid);
                    return new Conversation(id, turns, query((String) head[0]), (Instant) head[1]);
                });
    }

    @Override
    public void append(String tenantId, String id, Turn turn, ChatQuery lastQuery, Instant expiresAt) {
        UUID uuid = UUID.fromString(id);
        jdbc.inTransaction(() -> {
            // the row lock serializes the turns of one conversation, so seq is gap-free and unique
            int seq = jdbc.one("INSERT INTO conversation (tenant_id, id, last_query, turns, created_at, expires_at)"
                            + " VALUES (?, ?, ?::jsonb, 1, ?, ?)"
                            + " ON CONFLICT (tenant_id, id) DO UPDATE SET turns = conversation.turns + 1,"
                            + " last_query = COALESCE(EXCLUDED.last_query, conversation.last_query), expires_at = EXCLUDED.expires_at"
                            + " RETURNING turns", row -> row.getInt(1),
                    tenantId, uuid, json(lastQuery), turn.askedAt(), expiresAt).orElseThrow();
            jdbc.update("INSERT INTO conversation_turn (tenant_id, conversation_id, seq, question, kind, sentence, query, asked_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?)",
                    tenantId, uuid, seq, turn.question(), turn.kind(), turn.sentence(), json(turn.query()), turn.askedAt());
            return null;
        });
    }

    @Override
    public int purgeExpired(Instant now, int max) {
        return jdbc.update("DELETE FROM conversation WHERE (tenant_id, id) IN"
                + " (SELECT tenant_id, id FROM conversation WHERE expires_at <= ? LIMIT ?)", now, max);
    }

    private static Turn turn(ResultSet row) throws SQLException {
        return new Turn(row.getString("question"), row.getString("kind"), row.getString("sentence"), query(row.getString("query")),
                row.getTimestamp("asked_at").toInstant());
    }

    static String json(ChatQuery query) {
        if (query == null) {
            return null;
        }
        try {
            return Json.MAPPER.writeValueAsString(query);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ChatQuery query(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(json, ChatQuery.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored query no longer reads: " + e.getOriginalMessage(), e);
        }
    }
}
