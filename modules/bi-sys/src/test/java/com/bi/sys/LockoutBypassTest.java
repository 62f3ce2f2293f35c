package com.bi.sys;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.bi.common.testing.Race;
import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.Http.Response;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.sys.AuthTest.LOGIN;
import static com.bi.sys.AuthTest.assertProblem;
import static com.bi.sys.AuthTest.login;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * Issue 12 #6, lockout bypass, against the real server and PostgreSQL (3 failures lock for 15 minutes here): parallel
 * guesses, a correct guess racing the lock, unknown names, the count after a lock expires (on a clock the test
 * moves), and the cap on concurrent Argon2 verifications.
 */
class LockoutBypassTest {
    private static final String PASSWORD = "Right-Password-42";
    private static final SysTestServer.FakeTenants TENANTS = new SysTestServer.FakeTenants()
            .add("platform", 100).add("acme", 100);
    private static final SysTestServer.MovableClock CLOCK = new SysTestServer.MovableClock();
    private final Http http;

    LockoutBypassTest(WebServer server, URI uri) {
        this.http = new Http(uri);
    }

    // a hash of a few milliseconds, as in production (tens), so that parallel guesses really overlap
    @RegisterExtension
    static final ServiceUnderTest SERVICE = SysTestServer.service(TENANTS, Map.of("bi.sys.lockout.duration", "15m",
            "bi.sys.argon2.memory.kib", "4096", "bi.sys.argon2.iterations", "3")).clock(CLOCK);

    private static void createUser(Http http, String tenant, String username) {
        Response operator = http.post(LOGIN, null, login(http, "platform", "admin", SysTestServer.ADMIN_PASSWORD));
        assertThat(operator.toString(), operator.status(), is(200));
        Response created = http.post("/api/sys/v1/admin/tenants/" + tenant + "/users",
                "Bearer " + operator.json().get("access_token").asText(),
                "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"VIEWER\"]}");
        assertThat(created.toString(), created.status(), is(201));
    }

    private Response attempt(String tenant, String username, String password) {
        return http.post(LOGIN, null, login(http, tenant, username, password));
    }

    private static long audited(ServiceUnderTest service, String type, String username) {
        return service.platform().jdbc().count("SELECT count(*) FROM audit_events WHERE type = ? AND actor = ?", type, username);
    }

    private static long count(List<Response> answers, int status) {
        return answers.stream().filter(r -> r.status() == status).count();
    }

    @Test
    void lockoutBypass_parallelGuessesGetNoMoreTriesThanTheLimit() throws Exception {
        createUser(http, "acme", "target1");
        List<Response> answers = Race.together(20, i -> attempt("acme", "target1", "Wrong-Guess-" + i));
        for (Response answer : answers) {
            assertThat(answer.toString(), answer.status(), anyOf(is(401), is(429)));
            assertProblem(answer, answer.status(), null, "");
        }
        // exactly the limit of guesses were verified (and counted); all the others were refused unverified
        assertThat(audited(SERVICE, "LOGIN_FAILED", "target1"), is(3L));
        assertThat(count(answers, 401), is(2L));
        assertThat(count(answers, 429), is(18L));
        assertProblem(attempt("acme", "target1", PASSWORD), 429, null, "locked");
    }

    @Test
    void lockoutBypass_aCorrectGuessRacingTheLockIsNotVerifiedOnceLocked() throws Exception {
        createUser(http, "acme", "target2");
        assertProblem(attempt("acme", "target2", "Wrong-Guess-a"), 401, null, "not correct");
        assertProblem(attempt("acme", "target2", "Wrong-Guess-b"), 401, null, "not correct");
        // one guess left: the right password races 15 wrong ones
        List<Response> answers = Race.together(16, i -> attempt("acme", "target2", i == 0 ? PASSWORD : "Wrong-Guess-" + i));
        long wrongVerified = audited(SERVICE, "LOGIN_FAILED", "target2") - 2;
        if (answers.get(0).status() == 200) {
            // it took the last guess (then the count starts again): at most a new limit's worth were verified after it
            assertThat(wrongVerified, lessThanOrEqualTo(3L));
        } else {
            // a wrong guess took the last one and locked the account: the right password was refused unverified
            assertProblem(answers.get(0), 429, null, "locked");
            assertThat(wrongVerified, is(1L));
            assertThat(count(answers, 429), is(16L));
        }
    }

    @Test
    void lockoutBypass_unknownUsersAndTenantsLockExactlyLikeKnownUsers() {
        createUser(http, "acme", "known3");
        List<List<String>> shapes = new ArrayList<>();
        for (String[] who : new String[][] {{"acme", "known3"}, {"acme", "nobody3"}, {"no-such-tenant", "known3"}}) {
            List<String> shape = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Response answer = attempt(who[0], who[1], "Wrong-Guess-" + i);
                assertProblem(answer, answer.status(), null, "");
                shape.add(answer.status() + " " + answer.json().get("title").asText() + " "
                        + answer.json().get("detail").asText().replaceAll("[0-9]+", "N") + " retry-after="
                        + (answer.header("Retry-After") != null));
            }
            shapes.add(shape);
        }
        assertThat(shapes.get(0).get(0), is("401 Unauthorized the tenant, username or password is not correct retry-after=false"));
        assertThat(shapes.get(0).get(2).startsWith("429 Too Many Requests too many failed logins"), is(true));
        assertThat("an unknown user answers like a known one", shapes.get(1), is(shapes.get(0)));
        assertThat("an unknown tenant answers like a known one", shapes.get(2), is(shapes.get(0)));
    }

    @Test
    void lockoutBypass_theFailureCountStartsAgainAfterALockExpires() {
        createUser(http, "acme", "target4");
        for (int i = 0; i < 2; i++) {
            assertProblem(attempt("acme", "target4", "Wrong-Guess-" + i), 401, null, "not correct");
        }
        assertProblem(attempt("acme", "target4", "Wrong-Guess-2"), 429, null, "locked");
        CLOCK.advance(Duration.ofMinutes(16));
        // one wrong guess after the lock expired is the first of a new count, not a new lock
        assertProblem(attempt("acme", "target4", "Wrong-Guess-3"), 401, null, "not correct");
        assertProblem(attempt("acme", "target4", "Wrong-Guess-4"), 401, null, "not correct");
        Response ok = attempt("acme", "target4", PASSWORD);
        assertThat(ok.toString(), ok.status(), is(200));
    }

    @Test
    void lockoutBypass_unknownNamesAreForgottenADayAfterTheirLastFailure() {
        assertProblem(attempt("acme", "passing-by", "Wrong-Guess-1"), 401, null, "not correct");
        String rows = "SELECT count(*) FROM login_failures WHERE username = 'passing-by'";
        assertThat(SERVICE.platform().jdbc().count(rows), is(1L));
        CLOCK.advance(Duration.ofHours(25));
        assertProblem(attempt("acme", "someone-new", "Wrong-Guess-1"), 401, null, "not correct");
        assertThat(SERVICE.platform().jdbc().count(rows), is(0L));
    }

    @Test
    void lockoutBypass_concurrentArgon2VerificationsAreCapped() throws Exception {
        // one verification at a time, no waiting, and a hash slow enough that parallel logins overlap
        try (ServiceUnderTest sys = SysTestServer.start(new SysTestServer.FakeTenants().add("platform", 100).add("acme", 100),
                Map.of("bi.sys.argon2.max.concurrent", "1", "bi.sys.argon2.max.wait", "0s",
                        "bi.sys.argon2.memory.kib", "8192", "bi.sys.argon2.iterations", "6",
                        "bi.sys.lockout.attempts", "100"))) {
            createUser(sys.http(), "acme", "busy5");
            List<Response> answers = Race.together(16, i -> sys.http().post(LOGIN, null,
                    login(sys.http(), "acme", "busy5", "Wrong-Guess-" + i)));
            long saturated = count(answers, 503);
            assertThat("some logins found every password-check slot taken", saturated, greaterThan(0L));
            for (Response answer : answers) {
                assertThat(answer.toString(), answer.status(), anyOf(is(401), is(503)));
                if (answer.status() == 503) {
                    assertProblem(answer, 503, null, "too many password checks");
                    assertThat(answer.header("Retry-After"), is("1"));
                }
            }
            // a refused login was neither verified nor counted against the account
            assertThat(audited(sys, "LOGIN_FAILED", "busy5"), is(count(answers, 401)));
        }
    }
}
