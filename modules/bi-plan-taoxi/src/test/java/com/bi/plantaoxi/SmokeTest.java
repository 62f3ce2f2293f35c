package com.bi.plantaoxi;

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

/** bi-plan-taoxi runs from its own declaration on PostgreSQL, is ready, answers a token and refuses a caller without a valid one. */
class SmokeTest {
    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new PlanTaoxiService()).withDatabase().config(PlanTestPeers.config());
    private final Http http;

    SmokeTest(Http http) {
        this.http = http;
    }

    @Test
    void theTenantsThresholdsAnswerATokenOfTheTenant() {
        Http.Response answer = http.get("/api/plan/v1/thresholds", bearer("tenant-a", "VIEWER"));
        assertThat(answer.toString(), answer.status(), is(200));
        assertThat(answer.json().get("on_track_percent").asInt(), is(95));
        assertThat(answer.json().get("source").asText(), is("DEFAULT"));
    }

    @Test
    void aCallerWithoutAValidTokenGetsAProblem() {
        Http.Response none = http.get("/api/plan/v1/thresholds", null);
        assertThat(none.status(), is(401));
        assertThat(none.contentType(), startsWith("application/problem+json"));
        RefusedTokens.of("tenant-a").forEach((bearer, detail) -> {
            Http.Response refused = http.get("/api/plan/v1/thresholds", bearer);
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
