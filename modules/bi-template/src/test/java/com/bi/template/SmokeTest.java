package com.bi.template;

import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.SmokeChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * bi-template runs from its own declaration, is ready, serves its routes to a token and
 * refuses a caller without a valid one.
 */
class SmokeTest implements SmokeChecks {
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

    @Override
    public ServiceUnderTest service() {
        return SERVICE;
    }

    @Override
    public Http.Response protectedCall(Http http, String authorization) {
        return http.get("/api/template/v1/templates", authorization);
    }
}
