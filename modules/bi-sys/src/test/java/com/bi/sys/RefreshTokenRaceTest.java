package com.bi.sys;

import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.bi.common.json.Json;
import com.bi.common.testing.Race;
import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.Http.Response;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.sys.AuthTest.LOGIN;
import static com.bi.sys.AuthTest.assertProblem;
import static com.bi.sys.AuthTest.login;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * Issue 12 #5, refresh-token reuse race: requests that race on one refresh token (parallel refreshes, or a logout
 * and a refresh) against the real server and PostgreSQL. Before the fix the loser revoked the session and the winner
 * stored its new token afterwards, which stayed usable.
 */
class RefreshTokenRaceTest {
    private static final String REFRESH = "/api/sys/v1/auth/refresh";
    private static final SysTestServer.FakeTenants TENANTS = new SysTestServer.FakeTenants().add("platform", 100);
    private final Http http;

    RefreshTokenRaceTest(WebServer server, URI uri) {
        this.http = new Http(uri);
    }

    @RegisterExtension
    static final ServiceUnderTest SERVICE = SysTestServer.service(TENANTS, Map.of());

    private JsonNode loginOk() {
        Response response = http.post(LOGIN, null, login(http, "platform", "admin", SysTestServer.ADMIN_PASSWORD));
        assertThat(response.toString(), response.status(), is(200));
        return response.json();
    }

    private static String body(String refreshToken) {
        return "{\"refresh_token\":\"" + refreshToken + "\"}";
    }

    /** The session id ({@code sid}) of an access token = the refresh-token family. */
    private static String session(JsonNode tokens) throws Exception {
        String payload = tokens.get("access_token").asText().split("\\.")[1];
        return Json.MAPPER.readTree(Base64.getUrlDecoder().decode(payload)).get("sid").asText();
    }

    private static long liveTokens(String session) {
        return SERVICE.platform().jdbc().count("SELECT count(*) FROM refresh_tokens WHERE family_id = ? AND revoked_at IS NULL", session);
    }

    @Test
    void refreshTokenReuseRace_parallelRefreshesLeaveAtMostOneSessionAndNothingLiveAfterReuse() throws Exception {
        for (int round = 0; round < 8; round++) {
            JsonNode tokens = loginOk();
            String refresh = tokens.get("refresh_token").asText();
            List<Response> answers = Race.together(12, i -> http.post(REFRESH, null, body(refresh)));

            long rotated = answers.stream().filter(r -> r.status() == 200).count();
            assertThat("at most one new session from one refresh token", rotated, lessThanOrEqualTo(1L));
            for (Response answer : answers) {
                if (answer.status() != 200) {
                    assertProblem(answer, 401, null, "");
                }
            }
            // the others presented a spent token: reuse, so nothing of the session may stay usable
            assertThat("round " + round + ": live refresh tokens of the session", liveTokens(session(tokens)), is(0L));
            for (Response answer : answers) {
                if (answer.status() == 200) {
                    assertProblem(http.post(REFRESH, null, body(answer.json().get("refresh_token").asText())), 401, null, "revoked");
                }
            }
        }
    }

    @Test
    void refreshTokenReuseRace_logoutRacingARefreshLeavesNothingUsable() throws Exception {
        for (int round = 0; round < 20; round++) {
            JsonNode tokens = loginOk();
            String refresh = tokens.get("refresh_token").asText();
            List<Response> answers = Race.together(2, i -> i == 0
                    ? http.post("/api/sys/v1/auth/logout", null, body(refresh))
                    : http.post(REFRESH, null, body(refresh)));

            assertThat(answers.get(0).toString(), answers.get(0).status(), is(204));
            Response refreshed = answers.get(1);
            assertThat(refreshed.toString(), refreshed.status(), anyOf(is(200), is(401)));
            assertThat("round " + round + ": live refresh tokens after logout", liveTokens(session(tokens)), is(0L));
            if (refreshed.status() == 200) {
                assertProblem(http.post(REFRESH, null, body(refreshed.json().get("refresh_token").asText())), 401, null, "revoked");
            }
        }
    }
}
