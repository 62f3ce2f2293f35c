package com.bi.common.json;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

import com.bi.common.crud.Drafts;
import com.bi.common.data.Jdbc;
import com.bi.common.error.ApiException;
import com.bi.common.server.Service;
import com.bi.common.server.Wiring;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.TestTokens;
import com.bi.common.web.JsonBodies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Bodies the hostile-input suite found answered with 500s: broken HTTP framing (a chunk size that is not hex, a body
 * cut short), NUL and unpaired surrogates in text, duplicate JSON keys, and database data exceptions.
 */
class HostileBodyTest {
    private static final String API = "/api/things/v1/things";
    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(Service.of("bi-hostile-body", platform -> Wiring.builder(null)
            .http(routing -> routing.post(API, (req, res) -> JsonBodies.send(res, JsonBodies.read(req, Thing.class))))
            .build()));

    private record Thing(String name) {
        Thing {
            name = Drafts.text("name", name, 50);
        }
    }

    /** Sends a request with raw framing and returns the whole answer (status line, headers, body). */
    private static String raw(String headers, String body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", SERVICE.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + API + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Type: application/json\r\n"
                    + "Authorization: " + TestTokens.bearer("tenant-a", "ADMIN") + "\r\n" + headers + "\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.shutdownOutput(); // the server answers, then sees the end of the stream and closes
            StringBuilder answer = new StringBuilder();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                answer.append(line).append('\n');
            }
            return answer.toString();
        }
    }

    @Test
    void chunkSizeThatIsNotHexIs400() throws Exception {
        String answer = raw("Transfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n");
        assertThat(answer, answer.startsWith("HTTP/1.1 400"), is(true));
        assertThat(answer, containsString("application/problem+json"));
        assertThat(answer, containsString("framing"));
    }

    /** Hostile finding F18: a number or a boolean for a string field was taken as its text ("123"). */
    @Test
    void numberOrBooleanForAStringFieldIs400NamingTheField() throws Exception {
        for (String value : new String[] {"123", "1.5", "true"}) {
            String body = "{\"name\":" + value + "}";
            String answer = raw("Content-Length: " + body.length() + "\r\n", body);
            assertThat(answer, answer.startsWith("HTTP/1.1 400"), is(true));
            assertThat(answer, containsString("application/problem+json"));
            assertThat(answer, containsString("field 'name' has an invalid value " + value + "; expected a string"));
        }
        String good = "{\"name\":\"123\"}";
        assertThat(raw("Content-Length: " + good.length() + "\r\n", good), startsWith("HTTP/1.1 200"));
    }

    @Test
    void chunkedBodyCutShortIs400() throws Exception {
        String answer = raw("Transfer-Encoding: chunked\r\n", "40\r\n{\"name\":1");
        assertThat(answer, answer.startsWith("HTTP/1.1 400"), is(true));
        assertThat(answer, containsString("framing"));
    }

    @Test
    void negativeOrGarbledContentLengthIs400NotAHang() throws Exception {
        for (String length : new String[] {"-1", "1e3", "0x10", "99999999999999999999"}) {
            String answer = raw("Content-Length: " + length + "\r\n", "{\"name\":\"x\"}");
            assertThat(length + ": " + answer, answer.startsWith("HTTP/1.1 400"), is(true));
        }
    }

    @Test
    void nulAndUnpairedSurrogatesInTextAre400sNamingTheField() throws Exception {
        for (String name : new String[] {"a\\u0000b", "\\u0000", "x\\ud800y", "\\udc00"}) {
            String body = "{\"name\":\"" + name + "\"}";
            String answer = raw("Content-Length: " + body.length() + "\r\n", body);
            assertThat(name + ": " + answer, answer.startsWith("HTTP/1.1 400"), is(true));
            assertThat(answer, containsString("\"field\":\"name\""));
        }
        String ok = "{\"name\":\"\\ud83d\\ude00 emoji\"}"; // a paired surrogate is fine
        assertThat(raw("Content-Length: " + ok.length() + "\r\n", ok).startsWith("HTTP/1.1 200"), is(true));
    }

    @Test
    void duplicateKeysAreRefused() throws Exception {
        String body = "{\"name\":\"viewer\",\"name\":\"admin\"}";
        String answer = raw("Content-Length: " + body.length() + "\r\n", body);
        assertThat(answer, answer.startsWith("HTTP/1.1 400"), is(true));
        assertThat(answer, containsString("Duplicate field 'name'"));
    }

    @Test
    void databaseDataExceptionsAre400sNot500s() {
        for (String state : new String[] {"22021", "22P05", "22003", "22008", "22007", "22001"}) {
            RuntimeException e = Jdbc.translate(new SQLException("refused", state));
            ApiException api = assertThrows(ApiException.class, () -> {
                throw e;
            });
            assertThat(state, api.status(), is(400));
        }
        ApiException locked = (ApiException) Jdbc.translate(new SQLException("lock timeout", "55P03"));
        assertThat(locked.status(), is(503));
        assertThat(locked.retryAfterSeconds(), is(1L));
    }
}
