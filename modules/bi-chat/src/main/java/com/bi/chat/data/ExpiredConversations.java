package com.bi.chat.data;

import java.time.Clock;

import com.bi.chat.domain.ConversationStore;
import com.bi.common.work.Worker;

/** Deletes expired conversations (with their turns) in batches; reads never see them even before this runs. */
public final class ExpiredConversations implements Worker {
    private final ConversationStore store;
    private final Clock clock;

    public ExpiredConversations(ConversationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "chat-expiry";
    }

    @Override
    public boolean runOnce() {
        return store.purgeExpired(clock.instant(), 500) > 0;
    }
}
