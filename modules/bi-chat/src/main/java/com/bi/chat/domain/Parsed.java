package com.bi.chat.domain;

import java.util.List;

/** What the parser made of a question: a query to run, a question back, or a refusal (sentences in the locale). */
public sealed interface Parsed {
    String locale();

    /** A query that passed {@link ChatQuery#validate()}; {@code period} is the time words as the user wrote them. */
    record Query(ChatQuery query, String period, String locale) implements Parsed {
    }

    record Clarify(String sentence, List<String> suggestions, String locale) implements Parsed {
    }

    record Refuse(String sentence, List<String> suggestions, String locale) implements Parsed {
    }
}
