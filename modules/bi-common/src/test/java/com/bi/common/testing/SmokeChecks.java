package com.bi.common.testing;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * What every service's smoke test checks whatever its routes: it reports ready, and a protected route refuses a
 * caller with no token, or any of the {@link RefusedTokens}, with a 401 problem naming why. A service's
 * {@code SmokeTest} implements this (JUnit runs these as its own tests) and adds that a valid token is answered.
 */
public interface SmokeChecks {
    /** The service under test, started from its own declaration. */
    ServiceUnderTest service();

    /** One request to a protected route with this {@code Authorization} value ({@code null}: none). */
    Http.Response protectedCall(Http http, String authorization);

    @Test
    default void aCallerWithoutAValidTokenGetsAProblem() {
        Http http = service().http();
        Http.Response none = protectedCall(http, null);
        assertThat(none.toString(), none.status(), is(401));
        assertThat(none.contentType(), startsWith("application/problem+json"));
        RefusedTokens.of("tenant-a").forEach((bearer, detail) -> {
            Http.Response refused = protectedCall(http, bearer);
            assertThat(bearer, refused.status(), is(401));
            assertThat(refused.body(), containsString(detail));
        });
    }

    @Test
    default void theRuntimeReportsItReady() {
        Http.Response ready = service().http().get("/observe/health/ready", null);
        assertThat(ready.toString(), ready.status(), is(200));
    }
}
