package com.bi.chat.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.bi.chat.domain.NameMatcher.Candidate;
import com.bi.orders.demo.DemoData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every question of {@code chat-corpus.txt} (format in its header) parses to the query or kind it expects; a line
 * starting with {@code >} continues the previous line's conversation.
 */
class QuestionCorpusUnitTest {
    record Case(int line, String question, LocalDate today, String expected, ChatQuery previous, Names names) {
        @Override
        public String toString() {
            return "line " + line + ": " + (question.length() > 60 ? question.substring(0, 60) + "…" : question);
        }
    }

    static List<Case> corpus() throws IOException {
        String text;
        try (InputStream in = QuestionCorpusUnitTest.class.getResourceAsStream("/chat-corpus.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        LocalDate today = null;
        List<Candidate> shops = new ArrayList<>();
        List<Candidate> skus = new ArrayList<>();
        ChatQuery previous = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("@today ")) {
                today = LocalDate.parse(line.substring(7).strip());
                continue;
            }
            if (line.startsWith("@shop ") || line.startsWith("@sku ")) {
                String[] parts = line.split("\\s+", 3);
                (parts[0].equals("@shop") ? shops : skus).add(new Candidate(parts[1], parts.length > 2 ? parts[2] : ""));
                continue;
            }
            boolean followUp = line.startsWith(">");
            if (followUp) {
                line = line.substring(1).strip();
            }
            int arrow = line.lastIndexOf("=>");
            String question = expand(line.substring(0, arrow).strip());
            String expected = line.substring(arrow + 2).strip();
            Names names = new Names(shops, skus);
            Case c = new Case(i + 1, question, today, expected, followUp ? previous : null, names);
            cases.add(c);
            Parsed parsed = QuestionParser.parse(question, QuestionParser.detectLocale(question), today, names, c.previous());
            previous = parsed instanceof Parsed.Query q ? q.query() : followUp ? previous : null;
        }
        return cases;
    }

    /** {@code {x*N}} repeats x N times (long inputs), {@code \\n} is a line break. */
    private static String expand(String question) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(.+?)\\*(\\d+)}").matcher(question);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(m.group(1).repeat(Integer.parseInt(m.group(2)))));
        }
        m.appendTail(out);
        return out.toString().replace("\\n", "\n").replace("<empty>", "").replace("<space>", " ");
    }

    static Stream<Arguments> cases() throws IOException {
        return corpus().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parsesAsExpected(Case c) {
        Parsed parsed = QuestionParser.parse(c.question(), QuestionParser.detectLocale(c.question()), c.today(), c.names(), c.previous());
        String expected = c.expected();
        if (expected.equals("REFUSE") || expected.equals("CLARIFY")) {
            String kind = parsed instanceof Parsed.Refuse ? "REFUSE" : parsed instanceof Parsed.Clarify ? "CLARIFY" : "ANSWER " + describe(parsed);
            assertEquals(expected, kind, c.toString());
            List<String> suggestions = parsed instanceof Parsed.Refuse r ? r.suggestions() : ((Parsed.Clarify) parsed).suggestions();
            assertTrue(!suggestions.isEmpty(), "a " + kind + " suggests what to ask: " + c);
            return;
        }
        assertTrue(parsed instanceof Parsed.Query, c + " → " + describe(parsed));
        Map<String, String> want = fields(expected);
        Map<String, String> got = fields(((Parsed.Query) parsed).query());
        for (String key : List.of("metrics", "dims", "from", "to", "filters", "compare")) {
            assertEquals(want.getOrDefault(key, ""), got.get(key), key + " of " + c + " → " + describe(parsed));
        }
        for (String key : List.of("order", "limit")) {
            if (want.containsKey(key)) {
                assertEquals(want.get(key), got.get(key), key + " of " + c + " → " + describe(parsed));
            }
        }
        assertTrue(want.keySet().stream().allMatch(k -> got.containsKey(k)), "unknown key in " + expected);
    }

    /** The 240 names of the demo catalog, none of them in a corpus question: a seller's real catalog around the corpus's. */
    private static final List<Candidate> DEMO_SKUS = new DemoData(1, "corpus", "DEMO", 8, 240, 100).skus().stream()
            .map(s -> new Candidate("DEMO-" + s.code(), s.name())).toList();

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aLargeCatalogOfOtherSkuNamesChangesNoAnswer(Case c) {
        List<Candidate> skus = new ArrayList<>(c.names().skus());
        DEMO_SKUS.stream().filter(s -> !c.question().contains(s.name())).forEach(skus::add);
        Names catalog = new Names(c.names().shops(), skus, c.names().zone());
        String locale = QuestionParser.detectLocale(c.question());
        assertEquals(describe(QuestionParser.parse(c.question(), locale, c.today(), c.names(), c.previous())),
                describe(QuestionParser.parse(c.question(), locale, c.today(), catalog, c.previous())), c.toString());
    }

    @Test
    void theCorpusHasAtLeast200QuestionsInBothLanguages() throws IOException {
        List<Case> cases = corpus();
        long zh = cases.stream().filter(c -> QuestionParser.detectLocale(c.question()).equals("zh")).count();
        assertTrue(cases.size() >= 200, "questions: " + cases.size());
        assertTrue(zh >= 80 && cases.size() - zh >= 80, "zh " + zh + " of " + cases.size());
        assertTrue(cases.stream().filter(c -> c.previous() != null).count() >= 15, "follow-ups");
    }

    static String describe(Parsed parsed) {
        return switch (parsed) {
            case Parsed.Query q -> fields(q.query()).toString();
            case Parsed.Clarify c -> "CLARIFY " + c.sentence();
            case Parsed.Refuse r -> "REFUSE " + r.sentence();
        };
    }

    /** {@code metrics=gmv,orders dims=shop from=… to=… filters=platform:eq:TMALL compare=… order=gmv:desc limit=5} */
    static Map<String, String> fields(String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : spec.split("\\s+")) {
            int eq = part.indexOf('=');
            out.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return out;
    }

    static Map<String, String> fields(ChatQuery q) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("metrics", String.join(",", q.metrics()));
        out.put("dims", String.join(",", q.dimensions()));
        out.put("from", q.from().toString());
        out.put("to", q.to().toString());
        out.put("filters", String.join(";", q.filters().stream().map(f -> f.field() + ":" + f.op() + ":" + String.join(",", f.values())).toList()));
        out.put("compare", q.compare());
        out.put("order", String.join(",", q.orderBy().stream().map(s -> s.field() + ":" + s.direction()).toList()));
        out.put("limit", Integer.toString(q.limit()));
        return out;
    }

}
