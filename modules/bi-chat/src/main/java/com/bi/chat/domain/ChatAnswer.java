package com.bi.chat.domain;

import java.util.List;
import java.util.Map;

/**
 * One answer: {@code kind} ANSWER, CLARIFY or REFUSE; for an ANSWER the query that ran, the formatted table and
 * a chart spec ({@code type} kpi, line, bar or table) the console draws.
 */
public record ChatAnswer(String conversationId, String kind, String sentence, ChatQuery query, List<String> columns,
                         List<List<String>> rows, Map<String, Object> chart, List<String> suggestions, String locale) {
    public static final String ANSWER = "ANSWER";
    public static final String CLARIFY = "CLARIFY";
    public static final String REFUSE = "REFUSE";
}
