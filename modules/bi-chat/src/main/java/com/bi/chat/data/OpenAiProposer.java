package com.bi.chat.data;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

import com.bi.chat.domain.ChatQuery;
import com.bi.chat.domain.QueryProposer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An OpenAI-compatible {@code POST /v1/chat/completions} endpoint asked to PROPOSE a metric query as JSON. It is
 * sent the question, today's date, the metric/dimension catalog and this tenant's shop names — nothing else: no
 * numbers, no other tenant's names. Whatever it answers is only read as a proposal (the chat validates it); a
 * timeout, an error status or unreadable content is "no proposal".
 */
public final class OpenAiProposer implements QueryProposer {
    private static final Logger LOG = Logger.getLogger(OpenAiProposer.class.getName());
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private final HttpClient client;
    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final Duration timeout;

    public OpenAiProposer(URI endpoint, String model, String apiKey, Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.endpoint = endpoint;
        this.model = model;
        this.apiKey = apiKey;
        this.timeout = timeout;
    }

    /** {@code base} is the endpoint up to {@code /v1} or the full {@code …/chat/completions} URL; http(s) only. */
    public static URI endpoint(String base) {
        URI uri = URI.create(base.strip());
        if (uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme()) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("an http(s) URL with a host and no credentials, query or fragment");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        if (!path.endsWith("/chat/completions")) {
            path = (path.endsWith("/v1") ? path : path + "/v1") + "/chat/completions";
        }
        return uri.resolve(path);
    }

    @Override
    public Optional<Proposal> propose(String question, String locale, LocalDate today, List<String> shopNames) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("temperature", 0);
        body.put("response_format", Map.of("type", "json_object"));
        body.put("messages", List.of(Map.of("role", "system", "content", instructions(today, shopNames)),
                Map.of("role", "user", "content", question)));
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body)));
            if (apiKey != null && !apiKey.isBlank()) {
                request.header("Authorization", "Bearer " + apiKey);
            }
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200 || response.body().length > MAX_RESPONSE_BYTES) {
                LOG.warning("the LLM endpoint answered " + response.statusCode() + " (" + response.body().length + " bytes)");
                return Optional.empty();
            }
            JsonNode content = MAPPER.readTree(response.body()).path("choices").path(0).path("message").path("content");
            if (!content.isTextual()) {
                return Optional.empty();
            }
            return Optional.of(proposal(MAPPER.readTree(strip(content.asText()))));
        } catch (HttpTimeoutException e) {
            LOG.warning("the LLM endpoint did not answer within " + timeout.toMillis() + " ms");
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warning("no proposal from the LLM endpoint: " + e.getClass().getSimpleName());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static String instructions(LocalDate today, List<String> shopNames) {
        return "You turn an e-commerce seller's question into ONE metric query, answered as a JSON object and nothing else:\n"
                + "{\"metrics\":[...],\"dimensions\":[...],\"from\":\"yyyy-MM-dd\",\"to\":\"yyyy-MM-dd\","
                + "\"filters\":[{\"field\":\"shop|platform|sku|category\",\"op\":\"eq|in|not_in\",\"values\":[...]}],"
                + "\"compare\":\"|previous_period|year_over_year\",\"order_by\":[{\"field\":\"<a metric or dimension>\",\"direction\":\"asc|desc\"}],"
                + "\"limit\":1-1000}\n"
                + "metrics: " + String.join(", ", ChatQuery.METRICS) + ". dimensions: " + String.join(", ", ChatQuery.DIMENSIONS)
                + " (at most one of day, week, month). platforms: TMALL, TAOBAO, JD, PDD, DOUYIN.\n"
                + "Today is " + today + "; dates are inclusive and never after today.\n"
                + "Shop filter values are exactly one of these shop names: " + MAPPER.valueToTree(shopNames) + ".\n"
                + "If the question is not about these metrics, answer {\"metrics\":[]}.";
    }

    /** Content inside a ```json fence is read too. */
    private static String strip(String content) {
        String s = content.strip();
        if (s.startsWith("```")) {
            s = s.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("\\s*```$", "");
        }
        return s;
    }

    private static Proposal proposal(JsonNode n) {
        List<ChatQuery.Filter> filters = new ArrayList<>();
        for (JsonNode f : n.path("filters")) {
            filters.add(new ChatQuery.Filter(f.path("field").asText(null), f.path("op").asText("in"), texts(f.path("values"))));
        }
        List<ChatQuery.Sort> orderBy = new ArrayList<>();
        for (JsonNode s : n.path("order_by")) {
            orderBy.add(new ChatQuery.Sort(s.path("field").asText(null), s.path("direction").asText("desc")));
        }
        return new Proposal(texts(n.path("metrics")), texts(n.path("dimensions")), n.path("from").asText(null),
                n.path("to").asText(null), filters, n.path("compare").asText(""), orderBy,
                n.path("limit").isInt() ? n.path("limit").asInt() : null);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : array) {
            out.add(v.asText());
        }
        return out;
    }
}
