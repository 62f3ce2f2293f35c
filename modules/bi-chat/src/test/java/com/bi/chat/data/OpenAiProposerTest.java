package com.bi.chat.data;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import com.bi.chat.domain.Chat;
import com.bi.chat.domain.ChatAnswer;
import com.bi.chat.domain.ChatQuery;
import com.bi.chat.domain.ConversationStore;
import com.bi.chat.domain.MetricEngine;
import com.bi.chat.domain.NameMatcher.Candidate;
import com.bi.chat.domain.Names;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

/**
 * The optional LLM backend against a local fake that speaks the OpenAI chat completions protocol (and checks the
 * request): its proposal goes through the same validator, an invalid one or one naming another tenant's shop is
 * refused, a slow endpoint is cut off at the timeout, and a question the grammar understands never reaches it.
 */
class OpenAiProposerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Names TENANT_NAMES = new Names(List.of(new Candidate("tm-001", "杭州小鹿旗舰店")), List.of());
    private static final String GIBBERISH = "blorp zorp quux";
    private HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> content = new AtomicReference<>();
    private volatile long delayMillis;
    private final List<ChatQuery> ran = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            JsonNode request = MAPPER.readTree(exchange.getRequestBody().readAllBytes());
            requests.add(request);
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            boolean valid = "POST".equals(exchange.getRequestMethod()) && request.path("messages").isArray()
                    && request.path("model").isTextual()
                    && "application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"));
            byte[] body = MAPPER.writeValueAsBytes(Map.of("id", "chatcmpl-1", "object", "chat.completion", "created", 1,
                    "model", request.path("model").asText(), "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                            "message", Map.of("role", "assistant", "content", content.get())))));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(valid ? 200 : 400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Chat chat(Duration timeout) {
        URI endpoint = OpenAiProposer.endpoint("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
        MetricEngine engine = query -> {
            ran.add(query);
            return new MetricEngine.Result(List.of(new MetricEngine.Row(Map.of("shop", "tm-001"), Map.of("gmv", 1234.5), Map.of())),
                    Map.of("gmv", 1234.5), Map.of(), "", "");
        };
        Clock clock = Clock.fixed(Instant.parse("2026-12-02T04:00:00Z"), ZoneId.of("UTC"));
        return new Chat(tenant -> TENANT_NAMES, engine, new InMemoryConversations(),
                new OpenAiProposer(endpoint, "test-model", "test-key", timeout), clock, ZoneId.of("Asia/Shanghai"), Duration.ofHours(1));
    }

    @Test
    void aValidProposalIsValidatedThenRunWithTheTenantsShopId() {
        content.set("""
                {"metrics":["gmv"],"dimensions":["shop"],"from":"2026-11-01","to":"2026-11-30",
                 "filters":[{"field":"shop","op":"eq","values":["杭州小鹿旗舰店"]}],"order_by":[{"field":"gmv","direction":"desc"}],"limit":10}""");
        ChatAnswer answer = chat(Duration.ofSeconds(5)).ask("t1", null, GIBBERISH, null);
        assertThat(answer.sentence(), answer.kind(), is(ChatAnswer.ANSWER));
        assertThat(ran.size(), is(1));
        assertThat(ran.getFirst().filters().getFirst().values(), is(List.of("tm-001")));
        assertThat(answer.sentence(), containsString("¥1,234.50"));

        JsonNode request = requests.getFirst();
        assertThat(request.path("model").asText(), is("test-model"));
        assertThat(authorizations.getFirst(), is("Bearer test-key"));
        assertThat(request.path("messages").get(1).path("content").asText(), is(GIBBERISH));
        String system = request.path("messages").get(0).path("content").asText();
        assertThat(system, containsString("杭州小鹿旗舰店"));
        assertThat(system, containsString("refund_rate"));
        assertThat(request.toString(), not(containsString("1234"))); // no numbers of the tenant go out
    }

    @Test
    void anInvalidProposalIsRefusedByTheValidator() {
        List<String> proposals = List.of(
                "{\"metrics\":[\"profit\"],\"from\":\"2026-11-01\",\"to\":\"2026-11-30\"}",
                "{\"metrics\":[\"gmv\"],\"dimensions\":[\"day\",\"week\"],\"from\":\"2026-11-01\",\"to\":\"2026-11-30\"}",
                "{\"metrics\":[\"gmv\"],\"from\":\"2026-11-30\",\"to\":\"2026-11-01\"}",
                "{\"metrics\":[\"gmv\"],\"from\":\"2026-11-01\",\"to\":\"2027-01-31\"}",
                "{\"metrics\":[\"gmv\"],\"from\":\"2026-11-01\",\"to\":\"2026-11-30\",\"filters\":[{\"field\":\"shop\",\"op\":\"eq\",\"values\":[\"宁波大象旗舰店\"]}]}",
                "{\"metrics\":[\"gmv\"],\"from\":\"2026-11-01\",\"to\":\"2026-11-30\",\"filters\":[{\"field\":\"tenant_id\",\"op\":\"eq\",\"values\":[\"t2\"]}]}",
                "SELECT sum(pay_amount) FROM order_fact",
                "{\"metrics\":[]}");
        for (String proposal : proposals) {
            content.set(proposal);
            ChatAnswer answer = chat(Duration.ofSeconds(5)).ask("t1", null, GIBBERISH, "en");
            assertThat(proposal, answer.kind(), is(ChatAnswer.REFUSE));
        }
        assertThat(ran.size(), is(0));
        assertThat(requests.size(), is(proposals.size()));
    }

    @Test
    void aSlowEndpointIsCutOffAndTheDeterministicAnswerStands() {
        content.set("{\"metrics\":[\"gmv\"],\"from\":\"2026-11-01\",\"to\":\"2026-11-30\"}");
        delayMillis = 3000;
        long started = System.nanoTime();
        ChatAnswer answer = chat(Duration.ofMillis(300)).ask("t1", null, GIBBERISH, "en");
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(answer.kind(), is(ChatAnswer.REFUSE));
        assertThat(tookMillis, lessThan(2500L));
        assertThat(ran.size(), is(0));
    }

    @Test
    void aQuestionTheGrammarUnderstandsNeverReachesTheEndpoint() {
        content.set("{\"metrics\":[\"orders\"],\"from\":\"2026-11-01\",\"to\":\"2026-11-30\"}");
        ChatAnswer answer = chat(Duration.ofSeconds(5)).ask("t1", null, "GMV yesterday", null);
        assertThat(answer.kind(), is(ChatAnswer.ANSWER));
        assertThat(ran.getFirst().metrics(), is(List.of("gmv")));
        assertThat(requests.size(), is(0));
    }

    @Test
    void theEndpointMustBeAPlainHttpUrl() {
        assertThat(OpenAiProposer.endpoint("https://llm.example/v1").toString(), is("https://llm.example/v1/chat/completions"));
        assertThat(OpenAiProposer.endpoint("http://127.0.0.1:8081").toString(), is("http://127.0.0.1:8081/v1/chat/completions"));
        for (String bad : List.of("file:///etc/passwd", "ftp://x/v1", "http://user:pw@host/v1", "http:///v1", "http://h/v1?x=1")) {
            try {
                OpenAiProposer.endpoint(bad);
                throw new AssertionError("accepted " + bad);
            } catch (IllegalArgumentException expected) {
                // refused
            }
        }
    }

    /** Conversations in memory, for the use case alone. */
    static final class InMemoryConversations implements ConversationStore {
        private final Map<String, Conversation> byKey = new ConcurrentHashMap<>();

        @Override
        public Optional<Conversation> find(String tenantId, String id, Instant now) {
            return Optional.ofNullable(byKey.get(tenantId + "/" + id)).filter(c -> c.expiresAt().isAfter(now));
        }

        @Override
        public void append(String tenantId, String id, Turn turn, ChatQuery lastQuery, Instant expiresAt) {
            byKey.compute(tenantId + "/" + id, (k, c) -> {
                List<Turn> turns = new ArrayList<>(c == null ? List.of() : c.turns());
                turns.add(turn);
                return new Conversation(id, turns, lastQuery != null ? lastQuery : c == null ? null : c.lastQuery(), expiresAt);
            });
        }

        @Override
        public int purgeExpired(Instant now, int max) {
            return 0;
        }
    }
}
