package com.bi.common.crud;

import java.util.Map;

import com.bi.common.data.Jdbc;
import com.bi.common.server.Service;
import com.bi.common.server.Wiring;
import com.bi.common.testing.Http;
import com.bi.common.testing.ServiceUnderTest;
import com.bi.common.testing.TestTokens;
import com.bi.common.web.Callers;
import com.bi.common.web.JsonBodies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Issue 12 #12 (kit part): paging parameters through a real route that pages a table in the real PostgreSQL with the
 * kit's {@link Jdbc#page}. A huge {@code page} overflowed the int OFFSET into a negative one and PostgreSQL's refusal
 * became a 500; every bad value is now a 400 problem naming the parameter.
 */
class PagingTest {
    private static final String API = "/api/things/v1/things";
    private static ServiceUnderTest service;
    private static Http http;

    private record Thing(long id, String name) {
    }

    @BeforeAll
    static void start() {
        service = ServiceUnderTest.of(Service.of("bi-paging", platform -> {
            Jdbc jdbc = platform.jdbc();
            jdbc.update("CREATE TABLE thing (id bigserial PRIMARY KEY, tenant_id text NOT NULL, name text NOT NULL)");
            for (int i = 1; i <= 5; i++) {
                jdbc.update("INSERT INTO thing (tenant_id, name) VALUES (?, ?)", "tenant-a", "thing-" + i);
            }
            return Wiring.builder(null).http(routing -> routing.get(API, (req, res) -> {
                var query = req.query();
                PageRequest page = PageRequest.parse(query.first("page").orElse(null), query.first("size").orElse(null));
                JsonBodies.send(res, jdbc.page("thing", "id, name", Callers.of(req).tenantId(), Map.of(), Map.of(), page,
                        row -> new Thing(row.getLong(1), row.getString(2))));
            })).build();
        })).withDatabase().start();
        http = service.http();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static void refused(String query, String field, String message) {
        Http.Response r = http.get(API + "?" + query, TestTokens.bearer("tenant-a", "VIEWER"));
        assertThat(query + " → " + r, r.status(), is(400));
        assertThat(r.contentType(), is("application/problem+json"));
        assertThat(r.json().path("field").asText(), is(field));
        assertThat(r.json().path("detail").asText(), containsString(message));
    }

    @Test
    void hugeAndBadPagingParametersAre400sNamingTheParameter() {
        refused("page=2147483647", "page", "between 1 and 20001 with size 50");
        refused("page=2147483647&size=200", "page", "between 1 and 5001 with size 200");
        refused("page=99999999999", "page", "page must be an integer between 1 and");
        refused("page=42949674&size=100", "page", "between 1 and 10001"); // (page-1)*size wrapped to 4: a wrong page
        refused("page=0", "page", "page must be");
        refused("page=-5", "page", "page must be");
        refused("page=abc", "page", "page must be an integer");
        refused("size=0", "size", "size must be between 1 and 200");
        refused("size=201", "size", "size must be between 1 and 200");
        refused("size=99999999999999999999", "size", "size must be an integer");
        refused("page=1e3", "page", "page must be an integer");
    }

    @Test
    void pagesWithinTheBoundWork() {
        String bearer = TestTokens.bearer("tenant-a", "VIEWER");
        Http.Response first = http.get(API + "?page=1&size=2", bearer);
        assertThat(first.toString(), first.status(), is(200));
        assertThat(first.json().path("items").size(), is(2));
        assertThat(first.json().path("total").asLong(), is(5L));
        // the deepest page allowed: skips MAX_OFFSET rows, answers an empty page
        Http.Response deepest = http.get(API + "?page=20001&size=50", bearer);
        assertThat(deepest.toString(), deepest.status(), is(200));
        assertThat(deepest.json().path("items").size(), is(0));
        assertThat(http.get(API, bearer).json().path("items").size(), is(5));
    }
}
