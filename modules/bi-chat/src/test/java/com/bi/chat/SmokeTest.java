package com.bi.chat;

import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.SmokeChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * bi-chat runs from its own declaration, is ready, answers a token's question (a clarification needs no peer) and
 * refuses a caller without a valid one.
 */
class SmokeTest implements SmokeChecks {
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

    @Override
    public ServiceUnderTest service() {
        return SERVICE;
    }

    @Override
    public Http.Response protectedCall(Http http, String authorization) {
        return http.post("/api/chat/v1/ask", authorization, "{\"question\":\"GMV\"}");
    }
}
