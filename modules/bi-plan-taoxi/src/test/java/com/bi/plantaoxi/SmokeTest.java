package com.bi.plantaoxi;

import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.SmokeChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** bi-plan-taoxi runs from its own declaration on PostgreSQL, is ready, answers a token and refuses a caller without a valid one. */
class SmokeTest implements SmokeChecks {
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

    @Override
    public ServiceUnderTest service() {
        return SERVICE;
    }

    @Override
    public Http.Response protectedCall(Http http, String authorization) {
        return http.get("/api/plan/v1/thresholds", authorization);
    }
}
