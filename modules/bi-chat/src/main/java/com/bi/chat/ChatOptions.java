package com.bi.chat;

import java.time.Duration;

import com.bi.common.config.Option;
import com.bi.common.config.OptionCatalog;
import com.bi.common.config.OptionGroup;

/** bi-chat's own options: conversations, the tenant zone fallback, name matching and the optional LLM backend. */
public final class ChatOptions {
    public static final Option<String> TIME_ZONE = Option.string("bi.chat.time.zone", "Asia/Shanghai",
            "the zone \"today\" is in when bi-analysis does not say the tenant's own");
    public static final Option<Duration> CONVERSATION_TTL = Option.duration("bi.chat.conversation.ttl", Duration.ofHours(24),
            Duration.ofMinutes(1), Duration.ofDays(30), "how long after its last question a conversation (and its follow-up context) is kept");
    public static final Option<Duration> NAMES_TTL = Option.duration("bi.chat.names.ttl", Duration.ofSeconds(60),
            Duration.ZERO, Duration.ofHours(1), "how long a tenant's shop and SKU names are reused before they are asked again");
    public static final Option<String> LLM_URL = Option.string("bi.chat.llm.url", null,
            "an OpenAI-compatible endpoint (…/v1 or …/v1/chat/completions) that may propose a query when the grammar fails; unset = none")
            .localOnly();
    public static final Option<String> LLM_MODEL = Option.string("bi.chat.llm.model", "gpt-4o-mini", "the model named in LLM requests");
    public static final Option<String> LLM_API_KEY = Option.string("bi.chat.llm.api.key", null,
            "bearer key of the LLM endpoint (from a Secret)").secret().localOnly();
    public static final Option<Duration> LLM_TIMEOUT = Option.duration("bi.chat.llm.timeout", Duration.ofSeconds(5),
            Duration.ofMillis(100), Duration.ofSeconds(60), "how long a question waits for the LLM before answering without it");

    public static final OptionGroup GROUP = OptionGroup.of("bi-chat", "bi-chat", TIME_ZONE, CONVERSATION_TTL, NAMES_TTL,
            LLM_URL, LLM_MODEL, LLM_API_KEY, LLM_TIMEOUT);

    /** What bi-chat reads beyond the kit. */
    public static final OptionCatalog CATALOG = OptionCatalog.of("bi-chat", GROUP);

    private ChatOptions() {
    }
}
