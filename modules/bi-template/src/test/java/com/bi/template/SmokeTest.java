package com.bi.template;

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
 * bi-template runs from its own declaration, is ready, serves its routes to a token and
 * refuses a caller without a valid one.
 */
class SmokeTest {
    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new TemplateService()).withDatabase();
    private final Http http;

    SmokeTest(Http http) {
        this.http = http;
    }

    @Test
    void theRoutesAnswerAToken() {
        Http.Response starters = http.get("/api/template/v1/starters", bearer("tenant-a", "VIEWER"));
        assertThat(starters.toString(), starters.status(), is(200));
        assertThat(starters.json().get("starters").size(), is(3));
        Http.Response none = http.get("/api/template/v1/templates", bearer("tenant-a", "VIEWER"));
        assertThat(none.toString(), none.json().get("templates").size(), is(0));
    }

    @Test
    void aCallerWithoutAValidTokenGetsAProblem() {
        Http.Response none = http.get("/api/template/v1/templates", null);
        assertThat(none.status(), is(401));
        assertThat(none.contentType(), startsWith("application/problem+json"));
        RefusedTokens.of("tenant-a").forEach((bearer, detail) -> {
            Http.Response refused = http.get("/api/template/v1/templates", bearer);
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
