package com.bi.chat;

import com.bi.common.testing.Http;
import com.bi.common.testing.RefusedTokens;
import com.bi.common.testing.ServiceUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * bi-chat runs from its own declaration, is ready, answers a token's question (a clarification needs no peer) and
 * refuses a caller without a valid one.
 */
class SmokeTest {
    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new ChatService()).withDatabase()
            .config(NoPeers.CONFIG);
    private final Http http;

    SmokeTest(Http http) {
        this.http = http;
    }

    @Test
    void theRouteAnswersTheTokensTenant() {
        Http.Response answer = http.post("/api/chat/v1/ask", bearer("tenant-a", "VIEWER"), """
                {"question":"GMV"}""");
        assertThat(answer.toString(), answer.status(), is(200));
        assertThat(answer.json().get("kind").asText(), is("CLARIFY"));
        assertThat(answer.json().get("locale").asText(), is("en"));
    }

    @Test
    void aCallerWithoutAValidTokenGetsAProblem() {
        Http.Response none = http.post("/api/chat/v1/ask", null, "{\"question\":\"GMV\"}");
        assertThat(none.status(), is(401));
        assertThat(none.contentType(), startsWith("application/problem+json"));
        RefusedTokens.of("tenant-a").forEach((bearer, detail) -> {
            Http.Response refused = http.post("/api/chat/v1/ask", bearer, "{\"question\":\"GMV\"}");
            assertThat(bearer, refused.status(), is(401));
            assertThat(refused.body(), containsString(detail));
        });
    }

    @Test
    void theRuntimeReportsItReady() {
        Http.Response ready = http.get("/observe/health/ready", null);
        assertThat(ready.toString(), ready.status(), is(200));
    }
}
