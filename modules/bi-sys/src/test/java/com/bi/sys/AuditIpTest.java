package com.bi.sys;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.bi.common.testing.Http.Response;
import com.bi.common.testing.ServiceUnderTest;
import org.junit.jupiter.api.Test;

import static com.bi.sys.AuthTest.LOGIN;
import static com.bi.sys.AuthTest.login;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Issue 12 #17: the audit log records the client address the kit derives ({@code ClientAddress}): the socket peer,
 * or — behind a proxy listed in {@code bi.http.trusted.proxies} — the last X-Forwarded-For hop that proxy did not
 * add; never the first hop, which any client can write.
 */
class AuditIpTest {
    private static final String FORGED = "203.0.113.66";

    private static Response loginWith(URI base, String user, String forwardedFor) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(LOGIN))
                .header("Content-Type", "application/json").header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString(login(null, "platform", user, "Wrong-Password-1"))).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers(), response.body());
    }

    private static String auditedIp(ServiceUnderTest sys, String user) {
        return sys.platform().jdbc().one("SELECT ip FROM audit_events WHERE type = 'LOGIN_FAILED' AND actor = ? ORDER BY id DESC",
                row -> row.getString(1), user).orElseThrow();
    }

    @Test
    void auditIp_aForgedForwardedForIsNotRecordedWithoutATrustedProxy() throws Exception {
        try (ServiceUnderTest sys = SysTestServer.start(new SysTestServer.FakeTenants().add("platform", 10), Map.of())) {
            URI base = URI.create("http://127.0.0.1:" + sys.server().port());
            assertThat(loginWith(base, "someone", FORGED).status(), is(401));
            assertThat("the socket peer, not the client's header", auditedIp(sys, "someone"), is("127.0.0.1"));
        }
    }

    @Test
    void auditIp_behindATrustedProxyTheForgedFirstHopIsNotRecorded() throws Exception {
        // the test client's socket is the "gateway" (127.0.0.1); it appended the address it saw, 198.51.100.7
        try (ServiceUnderTest sys = SysTestServer.start(new SysTestServer.FakeTenants().add("platform", 10),
                Map.of("bi.http.trusted.proxies", "127.0.0.1/32"))) {
            URI base = URI.create("http://127.0.0.1:" + sys.server().port());
            assertThat(loginWith(base, "someone-else", FORGED + ", 198.51.100.7").status(), is(401));
            assertThat(auditedIp(sys, "someone-else"), is("198.51.100.7"));
        }
    }
}
