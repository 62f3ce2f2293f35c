package com.bi.chat.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Conversations per tenant; one past its expiry is gone. */
public interface ConversationStore {
    /** A conversation of this tenant that has not expired at {@code now}. */
    Optional<Conversation> find(String tenantId, String id, Instant now);

    /**
     * Appends a turn (creating the conversation on its first), remembers {@code lastQuery} for follow-ups when it
     * is not null, and moves the expiry to {@code expiresAt}.
     */
    void append(String tenantId, String id, Turn turn, ChatQuery lastQuery, Instant expiresAt);

    /** Deletes up to {@code max} conversations expired at {@code now}; returns how many. */
    int purgeExpired(Instant now, int max);

    record Turn(String question, String kind, String sentence, ChatQuery query, Instant askedAt) {
    }

    record Conversation(String id, List<Turn> turns, ChatQuery lastQuery, Instant expiresAt) {
    }
}
