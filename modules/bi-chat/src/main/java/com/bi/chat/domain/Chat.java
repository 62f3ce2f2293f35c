package com.bi.chat.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import com.bi.common.error.ApiException;

/**
 * The use case: a question of the caller's tenant → parsed (or, failing that, proposed by the optional LLM and
 * validated the same way) → run on bi-analysis as the caller → an answer, remembered in the conversation.
 */
public final class Chat {
    private static final Logger LOG = Logger.getLogger(Chat.class.getName());
    private static final Pattern CONVERSATION_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    public static final int MAX_TURNS = 200;

    private final Directory directory;
    private final MetricEngine engine;
    private final ConversationStore conversations;
    private final QueryProposer proposer;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration ttl;

    public Chat(Directory directory, MetricEngine engine, ConversationStore conversations, QueryProposer proposer,
                Clock clock, ZoneId zone, Duration ttl) {
        this.directory = directory;
        this.engine = engine;
        this.conversations = conversations;
        this.proposer = proposer;
        this.clock = clock;
        this.zone = zone;
        this.ttl = ttl;
    }

    public ChatAnswer ask(String tenantId, String conversationId, String question, String locale) {
        if (question == null || question.isBlank()) {
            throw ApiException.badRequest("question", "question is required: 1 to " + QuestionParser.MAX_QUESTION_CHARS + " characters");
        }
        if (question.length() > QuestionParser.MAX_QUESTION_CHARS) {
            throw ApiException.badRequest("question", "question takes at most " + QuestionParser.MAX_QUESTION_CHARS + " characters");
        }
        String lang = locale == null || locale.isBlank() ? QuestionParser.detectLocale(question) : locale.strip().toLowerCase(java.util.Locale.ROOT);
        if (!lang.equals("zh") && !lang.equals("en")) {
            throw ApiException.badRequest("locale", "locale must be zh or en (or empty to detect it)");
        }
        Instant now = clock.instant();
        ChatQuery previous = null;
        String id;
        if (conversationId == null || conversationId.isBlank()) {
            id = UUID.randomUUID().toString();
        } else {
            id = checkId(conversationId);
            ConversationStore.Conversation conversation = conversations.find(tenantId, id, now)
                    .orElseThrow(() -> ApiException.notFound("conversation", id));
            if (conversation.turns().size() >= MAX_TURNS) {
                throw ApiException.conflict("conversation " + id + " has " + MAX_TURNS + " turns; start a new one");
            }
            previous = conversation.lastQuery();
        }
        Names names = names(tenantId);
        LocalDate today = LocalDate.ofInstant(now, names.zone().orElse(zone));
        Parsed parsed = QuestionParser.parse(question, lang, today, names, previous);
        if (parsed instanceof Parsed.Refuse && proposer != QueryProposer.NONE) {
            parsed = proposed(question, lang, today, names).orElse(parsed);
        }
        ChatAnswer answer = switch (parsed) {
            case Parsed.Query query -> run(id, query, names);
            case Parsed.Clarify c -> new ChatAnswer(id, ChatAnswer.CLARIFY, c.sentence(), null, List.of(), List.of(), null,
                    c.suggestions(), lang);
            case Parsed.Refuse r -> new ChatAnswer(id, ChatAnswer.REFUSE, r.sentence(), null, List.of(), List.of(), null,
                    r.suggestions(), lang);
        };
        conversations.append(tenantId, id, new ConversationStore.Turn(question, answer.kind(), answer.sentence(), answer.query(), now),
                answer.query(), now.plus(ttl));
        return answer;
    }

    public ConversationStore.Conversation conversation(String tenantId, String conversationId) {
        String id = checkId(conversationId);
        return conversations.find(tenantId, id, clock.instant()).orElseThrow(() -> ApiException.notFound("conversation", id));
    }

    private ChatAnswer run(String id, Parsed.Query parsed, Names names) {
        MetricEngine.Result result;
        try {
            result = engine.run(parsed.query());
        } catch (MetricEngine.Refused e) {
            Messages say = Messages.of(parsed.locale());
            return new ChatAnswer(id, ChatAnswer.REFUSE, say.invalid(e.getMessage()), null, List.of(), List.of(), null,
                    say.examples(), parsed.locale());
        }
        Answers.Composed composed = Answers.compose(parsed, result, names);
        return new ChatAnswer(id, ChatAnswer.ANSWER, composed.sentence(), parsed.query(), composed.columns(), composed.rows(),
                composed.chart(), composed.suggestions(), parsed.locale());
    }

    /** The LLM's proposal through the same validator; shop names it used become this tenant's shop ids. */
    private Optional<Parsed> proposed(String question, String lang, LocalDate today, Names names) {
        Optional<QueryProposer.Proposal> proposal;
        try {
            proposal = proposer.propose(question, lang, today, names.shops().stream().map(NameMatcher.Candidate::name).toList());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the query proposer failed; answering without it: " + e.getClass().getSimpleName());
            return Optional.empty();
        }
        if (proposal.isEmpty()) {
            return Optional.empty();
        }
        QueryProposer.Proposal p = proposal.get();
        try {
            Map<String, String> shopIds = new java.util.HashMap<>();
            names.shops().forEach(s -> shopIds.put(s.name(), s.id()));
            List<ChatQuery.Filter> filters = new ArrayList<>();
            for (ChatQuery.Filter f : p.filters() == null ? List.<ChatQuery.Filter>of() : p.filters()) {
                if (f != null && "shop".equals(f.field()) && f.values() != null) {
                    List<String> ids = f.values().stream().map(shopIds::get).toList();
                    if (ids.contains(null)) {
                        throw new ChatQuery.Invalid("filters", "a shop that is not this tenant's");
                    }
                    filters.add(new ChatQuery.Filter("shop", f.op(), ids));
                } else {
                    filters.add(f);
                }
            }
            ChatQuery query = new ChatQuery(orEmpty(p.metrics()), orEmpty(p.dimensions()), LocalDate.parse(p.from()),
                    LocalDate.parse(p.to()), filters, p.compare(), orEmpty(p.orderBy()),
                    p.limit() == null ? QuestionParser.DEFAULT_LIMIT : p.limit()).validate();
            if (query.to().isAfter(today)) {
                throw new ChatQuery.Invalid("to", "a period in the future");
            }
            return Optional.of(new Parsed.Query(query, "", lang));
        } catch (RuntimeException invalid) { // ChatQuery.Invalid, a bad date, a null list: the proposal is refused
            LOG.info("refused the proposed query: " + invalid.getMessage());
            return Optional.empty();
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private Names names(String tenantId) {
        try {
            return directory.names(tenantId);
        } catch (ApiException e) {
            if (e.status() < 500) {
                throw e;
            }
            LOG.log(Level.WARNING, "shop and SKU names unavailable: " + e.getMessage());
            return Names.NONE;
        } catch (RuntimeException e) {
            // bi-basic down: questions without shop names still work; those with them match nothing
            LOG.log(Level.WARNING, "shop and SKU names unavailable: " + e.getMessage());
            return Names.NONE;
        }
    }

    private static String checkId(String id) {
        if (!CONVERSATION_ID.matcher(id).matches()) {
            throw ApiException.badRequest("conversation_id", "conversation_id must be a conversation's id (a UUID)");
        }
        return id;
    }
}
