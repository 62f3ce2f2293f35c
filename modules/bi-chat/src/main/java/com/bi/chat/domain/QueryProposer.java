package com.bi.chat.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * An optional second opinion (an LLM) for a question the grammar does not understand. It only PROPOSES a query
 * — the chat validates it like the parser's and runs it through bi-analysis — and is given nothing but the
 * question, the catalog and this tenant's shop names. Empty when it has no proposal, failed or timed out.
 */
public interface QueryProposer {
    QueryProposer NONE = (question, locale, today, shopNames) -> Optional.empty();

    Optional<Proposal> propose(String question, String locale, LocalDate today, List<String> shopNames);

    /** The proposal as sent, unvalidated: shop filters name shops, which the chat maps to this tenant's ids. */
    record Proposal(List<String> metrics, List<String> dimensions, String from, String to, List<ChatQuery.Filter> filters,
                    String compare, List<ChatQuery.Sort> orderBy, Integer limit) {
    }
}
