package com.bi.basic;

import java.net.URI;
import java.util.List;

import com.bi.common.testing.Race;
import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.Http.Response;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.bi.common.testing.TestTokens.bearer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Issue 12 #18, category loops: concurrent moves against the real server and PostgreSQL must never close a loop,
 * and a loop already in the data (left by the old race) must not make a request walk forever.
 */
class CategoryCycleTest {
    private static final String CATEGORIES = "/api/basic/v1/categories";
    private final Http http;
    private final String token = bearer("tenant-loops", "ADMIN");

    CategoryCycleTest(WebServer server, URI uri) {
        this.http = new Http(uri);
    }

    @RegisterExtension
    static final ServiceUnderTest SERVICE = ServiceUnderTest.of(new BasicService()).withDatabase();

    private long create(String name, Long parent) {
        Response created = http.post(CATEGORIES, token, "{\"name\":\"" + name + "\""
                + (parent == null ? "" : ",\"parent_id\":" + parent) + "}");
        assertThat(created.toString(), created.status(), is(201));
        return created.json().get("id").asLong();
    }

    private Response move(long id, String name, long parent) {
        return http.put(CATEGORIES + "/" + id, token, "{\"name\":\"" + name + "\",\"parent_id\":" + parent + "}", "\"1\"");
    }

    private Long parentOf(long id) {
        var parent = http.get(CATEGORIES + "/" + id, token).json().get("parent_id");
        return parent == null || parent.isNull() ? null : parent.asLong();
    }

    @Test
    void categoryCycle_concurrentMovesNeverCloseALoop() throws Exception {
        for (int round = 0; round < 25; round++) {
            String suffix = String.valueOf(round);
            long a = create("a" + suffix, null);
            long b = create("b" + suffix, null);
            List<Response> moves = Race.all(() -> move(a, "a" + suffix, b), () -> move(b, "b" + suffix, a));
            for (Response answer : moves) {
                assertThat(answer.toString(), answer.status(), anyOf(is(200), is(400)));
                if (answer.status() == 400) {
                    assertThat(answer.contentType(), is("application/problem+json"));
                    assertThat(answer.json().get("field").asText(), is("parent_id"));
                }
            }
            boolean loop = Long.valueOf(b).equals(parentOf(a)) && Long.valueOf(a).equals(parentOf(b));
            assertThat("round " + round + ": a and b are each other's parent", loop, is(false));
        }
    }

    @Test
    void categoryCycle_aLoopInStoredDataAnswers400InsteadOfWalkingForever() {
        long x = create("x", null);
        long y = create("y", x);
        long z = create("z", null);
        // the state the old race could leave behind: x → y → x
        SERVICE.platform().jdbc().update("UPDATE categories SET parent_id = ? WHERE id = ?", y, x);

        Response moved = move(z, "z", x);
        assertThat(moved.toString(), moved.status(), is(400));
        assertThat(moved.contentType(), is("application/problem+json"));
        assertThat(moved.json().get("detail").asText(), containsString("loop"));
        Response created = http.post(CATEGORIES, token, "{\"name\":\"w\",\"parent_id\":" + y + "}");
        assertThat(created.toString(), created.status(), is(400));
        assertThat(created.json().get("field").asText(), is("parent_id"));
    }

    @Test
    void categoryCycle_treesAreAtMostAHundredLevelsDeep() {
        Long parent = null;
        for (int level = 1; level <= 100; level++) {
            parent = create("level" + level, parent);
        }
        Response tooDeep = http.post(CATEGORIES, token, "{\"name\":\"level101\",\"parent_id\":" + parent + "}");
        assertThat(tooDeep.toString(), tooDeep.status(), is(400));
        assertThat(tooDeep.json().get("detail").asText(), containsString("at most 100 levels"));
    }
}
