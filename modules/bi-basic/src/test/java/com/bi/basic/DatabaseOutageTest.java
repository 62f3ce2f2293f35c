package com.bi.basic;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.bi.common.testing.Http;
import com.bi.common.testing.Http.Response;
import com.bi.common.testing.TcpProxy;
import com.bi.common.testing.TestDatabase;
import com.bi.common.testing.ServiceUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * The database goes away (a proxy in front of the real PostgreSQL cuts every connection): the API answers 503
 * problem+json and readiness goes DOWN; when it comes back, both recover by themselves.
 */
class DatabaseOutageTest {
    private static TcpProxy proxy;
    private static ServiceUnderTest service;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        URI db = URI.create(TestDatabase.url().substring("jdbc:".length()));
        proxy = new TcpProxy(db.getHost(), db.getPort()).start();
        Map<String, String> config = new HashMap<>(TestDatabase.config("basic_outage"));
        config.put("bi.db.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + db.getPath());
        config.put("bi.db.connect.timeout", "1s");
        service = ServiceUnderTest.of(new BasicService()).config(config).start();
        http = service.http();
    }

    @AfterAll
    static void stop() {
        service.close();
        proxy.close();
    }

    @Test
    void unavailableThenRecovered() throws Exception {
        String token = bearer("tenant-outage", "ADMIN");
        assertThat(http.post("/api/basic/v1/shops", token, """
                {"name":"Before","platform":"JD","source":"MANUAL","external_id":"o-1"}""").status(), is(201));

        proxy.stop();
        Response down = http.get("/api/basic/v1/shops", token);
        assertThat(down.toString(), down.status(), is(503));
        assertThat(down.contentType(), is("application/problem+json"));
        assertThat(down.json().get("detail").asText(), containsString("database is unavailable"));
        Response ready = http.get("/observe/health/ready", null);
        assertThat(ready.status(), is(503));
        assertThat(ready.body(), containsString("\"database\":\"DOWN\""));
        assertThat(http.get("/observe/health/live", null).status(), is(200));

        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Response after;
        do {
            Thread.sleep(200);
            after = http.get("/api/basic/v1/shops", token);
        } while (after.status() != 200 && System.nanoTime() < deadline);
        assertThat(after.toString(), after.status(), is(200));
        assertThat(after.json().get("total").asInt(), is(1));
        assertThat(http.get("/observe/health/ready", null).status(), is(200));
    }
}
