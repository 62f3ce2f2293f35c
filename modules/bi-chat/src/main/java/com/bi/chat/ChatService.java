package com.bi.chat;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;

import com.bi.chat.api.ChatGrpcService;
import com.bi.chat.api.ChatRoutes;
import com.bi.chat.data.ExpiredConversations;
import com.bi.chat.data.GrpcMetricEngine;
import com.bi.chat.data.JdbcConversationStore;
import com.bi.chat.data.OpenAiProposer;
import com.bi.chat.data.PeerDirectory;
import com.bi.chat.domain.Chat;
import com.bi.chat.domain.QueryProposer;
import com.bi.common.config.InvalidConfigException;
import com.bi.common.config.Settings;
import com.bi.common.server.Catalog;
import com.bi.common.server.DeclaredService;
import com.bi.common.server.Platform;
import com.bi.common.server.Wiring;

/**
 * bi-chat, declared: plain-language questions → metric queries on bi-analysis (as the caller), shop names from
 * bi-basic, conversations in PostgreSQL, an optional LLM that may only propose a query.
 */
public final class ChatService extends DeclaredService {
    public static final String NAME = ChatOptions.CATALOG.service();
    /** {@code /api/chat/v1/}, from the catalog. */
    public static final String PREFIX = Catalog.of(NAME).apiPrefix();

    public ChatService() {
        super(ChatOptions.CATALOG);
    }

    @Override
    public Wiring wire(Platform platform) {
        Settings settings = platform.settings();
        ZoneId zone = zone(settings.get(ChatOptions.TIME_ZONE));
        GrpcMetricEngine engine = new GrpcMetricEngine(platform.peers().channel(Catalog.BI_ANALYSIS, "bi.analysis.v1.AnalysisService"));
        PeerDirectory directory = new PeerDirectory(platform.peers().channel(Catalog.BI_BASIC, "bi.basic.v1.BasicService"),
                engine, platform.clock(), settings.get(ChatOptions.NAMES_TTL));
        JdbcConversationStore conversations = new JdbcConversationStore(platform.jdbc());
        Chat chat = new Chat(directory, engine, conversations, proposer(settings), platform.clock(), zone,
                settings.get(ChatOptions.CONVERSATION_TTL));
        return Wiring.builder(chat)
                .http(routing -> ChatRoutes.register(routing, chat))
                .grpc(new ChatGrpcService(chat))
                .worker(new ExpiredConversations(conversations, platform.clock()), Duration.ofMinutes(5))
                .build();
    }

    private static QueryProposer proposer(Settings settings) {
        return settings.optional(ChatOptions.LLM_URL).filter(url -> !url.isBlank()).<QueryProposer>map(url -> {
            URI endpoint;
            try {
                endpoint = OpenAiProposer.endpoint(url);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException(ChatOptions.LLM_URL.key(), "must be " + e.getMessage());
            }
            return new OpenAiProposer(endpoint, settings.get(ChatOptions.LLM_MODEL),
                    settings.optional(ChatOptions.LLM_API_KEY).orElse(null), settings.get(ChatOptions.LLM_TIMEOUT));
        }).orElse(QueryProposer.NONE);
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (java.time.DateTimeException e) {
            throw new InvalidConfigException(ChatOptions.TIME_ZONE.key(), "must be a region id such as Asia/Shanghai");
        }
    }
}
